"""Timeline entries about expense claims (typed constructors). They name the claim and its amounts, never what the
family wrote on a line: the case's timeline is read by every body on the case."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from sendresolve.cases.events import record
from sendresolve.core.money import pounds


class ExpenseEvent(models.TextChoices):
    CLAIM_STARTED = "expense_claim_started", "Expense claim started"
    CLAIM_SUBMITTED = "expense_claim_submitted", "Expense claim sent to the paying body"
    CLAIM_DECIDED = "expense_claim_decided", "Expense claim decided"
    REVIEW_REQUESTED = "expense_review_requested", "Review of an expense claim asked for"
    CLAIM_REVIEWED = "expense_claim_reviewed", "Expense claim reviewed"
    CLAIM_PAID = "expense_claim_paid", "Expense claim paid"
    CLAIM_WITHDRAWN = "expense_claim_withdrawn", "Expense claim withdrawn"
    CLAIM_INVOICED = "expense_claim_invoiced", "Approved expenses put on an invoice"


def _record(claim, type_: str, actor, **parameters):
    return record(claim.case, type_, actor, number=claim.reference, **parameters)


def claim_started_event(*, claim, actor):
    return _record(claim, ExpenseEvent.CLAIM_STARTED, actor)


def claim_submitted_event(*, claim, actor, total: Decimal):
    return _record(claim, ExpenseEvent.CLAIM_SUBMITTED, actor, who=f"{pounds(total)} claimed")


def claim_decided_event(*, claim, actor, type_: str, approved: Decimal):
    return _record(claim, type_, actor, who=f"{pounds(approved)} approved of {pounds(claim.total_claimed)}")


def review_requested_event(*, claim, actor):
    return _record(claim, ExpenseEvent.REVIEW_REQUESTED, actor)


def claim_paid_event(*, claim, actor, paid_on):
    return _record(claim, ExpenseEvent.CLAIM_PAID, actor, who=f"{pounds(claim.total_approved)} paid",
                   on=paid_on.isoformat())


def claim_withdrawn_event(*, claim, actor):
    return _record(claim, ExpenseEvent.CLAIM_WITHDRAWN, actor)


def claim_invoiced_event(*, claim, actor, invoice_number: str):
    # The provider's billing of the body: staff only.
    return record(claim.case, ExpenseEvent.CLAIM_INVOICED, actor, staff_only=True, number=claim.reference,
                  who=f"invoice {invoice_number}")
