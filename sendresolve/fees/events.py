"""Timeline entries about a mediator's time on a case: for the provider's staff only (what a mediator is paid is
between them and the provider, not the parties')."""

from __future__ import annotations

from django.db import models

from sendresolve.cases.events import record
from sendresolve.cases.models import Case


class FeeEvent(models.TextChoices):
    TIME_RECORDED = "fee_time_recorded", "Mediator's time recorded"
    TIME_CORRECTED = "fee_time_corrected", "Mediator's time corrected"
    TIME_REMOVED = "fee_time_removed", "Mediator's time removed"


def time_event(*, case: Case, actor, type_: str, mediator: str, activity: str, minutes: int, on: str):
    return record(case, type_, actor, staff_only=True, who=f"{mediator}, {activity}, {minutes} minutes on {on}")
