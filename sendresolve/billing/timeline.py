"""Timeline entries about billing, on each case an invoice line is about. Staff only: what a body is charged for a
case is between the provider and that body, not for the family or the other bodies on the case."""

from __future__ import annotations

from django.db import models

from sendresolve.cases.events import record


class BillingEvent(models.TextChoices):
    INVOICED = "billing_invoiced", "Billed to the paying body"
    LINE_ADJUSTED = "billing_line_adjusted", "Invoice line adjusted"
    CREDITED = "billing_credited", "Invoice reversed by a credit note"


def invoiced_event(*, case, actor, number: str, lines: str):
    return record(case, BillingEvent.INVOICED, actor, staff_only=True, number=number, who=lines)


def line_adjusted_event(*, case, actor, who: str, reason: str):
    return record(case, BillingEvent.LINE_ADJUSTED, actor, staff_only=True, who=who, reason=reason)


def credited_event(*, case, actor, number: str, reason: str):
    return record(case, BillingEvent.CREDITED, actor, staff_only=True, number=number, reason=reason)
