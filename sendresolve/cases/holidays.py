"""Administrators' bank-holiday overrides, and the stored deadlines they move (issue 11: one calendar, from the
database, for every date the service shows)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import task

from sendresolve.accounts.models import User
from sendresolve.accounts.selectors import user_access
from sendresolve.audit.services import audit_record
from sendresolve.cases.calendar import forget_overrides
from sendresolve.cases.models import Case, CaseDeadline, HolidayOverride

# A day can move a deadline due on it or after it, and the "act by" day of one due within the week after it.
_REACH = timedelta(days=7)


def _require_administrator(user: User) -> None:
    if not user_access(user).is_administrator:
        raise PermissionDenied("Only an administrator changes the service's bank holidays.")


def holiday_override_set(*, acting_user: User, day: date, kind: str, reason: str) -> HolidayOverride:
    _require_administrator(acting_user)
    reason = reason.strip()
    if kind not in HolidayOverride.Kind.values:
        raise ValidationError("Choose whether the day is a new bank holiday or a working day after all.")
    if not reason:
        raise ValidationError("Say why, for example 'Bank holiday for the coronation (proclamation of 2023)'.")
    with transaction.atomic():
        override, _ = HolidayOverride.objects.update_or_create(
            day=day, defaults={"kind": kind, "reason": reason, "created_by": acting_user})
        audit_record(actor=acting_user, action="update", target=override,
                     summary=f"Calendar: {override} ({reason})"[:500])
        transaction.on_commit(lambda: deadlines_recompute.enqueue(day.isoformat()))
    forget_overrides()
    return override


def holiday_override_remove(*, acting_user: User, override: HolidayOverride) -> None:
    _require_administrator(acting_user)
    day = override.day
    with transaction.atomic():
        audit_record(actor=acting_user, action="delete", target=override, summary=f"Calendar: removed {override}")
        override.delete()
        transaction.on_commit(lambda: deadlines_recompute.enqueue(day.isoformat()))
    forget_overrides()


def deadlines_recompute_from(day: date) -> int:
    """Works out again the stored deadlines of every case a change to `day` can move. Returns how many cases."""
    from sendresolve.cases.clockwork import case_store_deadlines

    forget_overrides()
    case_ids = (CaseDeadline.objects.filter(due__gte=day - _REACH).order_by().values_list("case_id", flat=True)
                .distinct())
    count = 0
    for case in Case.objects.filter(pk__in=case_ids).iterator(chunk_size=500):
        with transaction.atomic():
            case_store_deadlines(case)
        count += 1
    return count


@task()
def deadlines_recompute(day_iso: str) -> int:
    return deadlines_recompute_from(date.fromisoformat(day_iso))
