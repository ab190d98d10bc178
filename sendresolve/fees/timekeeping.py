"""A mediator's time on their cases: recorded on cases they are allocated to, corrected or removed until it is on a
statement they accepted. Each service checks who is acting, writes the change with a staff-only timeline entry and an
audit row, and redrafts the open statement the time is on, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case
from sendresolve.cases.selectors import is_case_mediator
from sendresolve.core.forms import LAW_BEGAN
from sendresolve.core.refusals import Refused
from sendresolve.core.text import plain_text
from sendresolve.fees.drafting import locked_mediator, open_statement_for, statement_write
from sendresolve.fees.events import FeeEvent, time_event
from sendresolve.fees.models import MINUTES_IN_AN_ENTRY, Activity, Statement, TimeEntry
from sendresolve.mediators.models import Allocation, MediatorProfile
from sendresolve.meetings.models import Meeting

NOTE_LENGTH = TimeEntry._meta.get_field("note").max_length


class TimeRefused(Refused):
    """Time that cannot be recorded or changed; the message says why."""


@dataclass(frozen=True)
class TimeDetails:
    activity: str
    worked_on: date
    minutes: int
    note: str = ""


def _own_profile(user: User) -> MediatorProfile:
    profile = MediatorProfile.objects.filter(user=user).first() if user.is_authenticated else None
    if profile is None:
        raise PermissionDenied("Only mediators on the register record their time.")
    return profile


def _checked(details: TimeDetails, mediator: MediatorProfile, case: Case) -> TimeDetails:
    """The details cleaned, or a ValidationError that names what is wrong (nothing is written)."""
    if details.activity not in Activity.values:
        raise ValidationError("Choose what the time was spent on.")
    if not isinstance(details.minutes, int) or not 1 <= details.minutes <= MINUTES_IN_AN_ENTRY:
        raise ValidationError(f"Enter the time as 1 to {MINUTES_IN_AN_ENTRY} minutes (12 hours): record a longer "
                              "day as more than one entry.")
    if details.worked_on > timezone.localdate():
        raise ValidationError("The day the work was done cannot be in the future.")
    if details.worked_on < LAW_BEGAN:
        raise ValidationError("The day the work was done is too long ago. Check the year.")
    first = (Allocation.objects.filter(case=case, mediator=mediator).order_by("allocated_at")
             .values_list("allocated_at", flat=True).first())
    if first is not None and details.worked_on < timezone.localdate(first):
        raise ValidationError(f"You were allocated to case {case.reference} on "
                              f"{timezone.localdate(first):%-d %B %Y}: the work cannot be before that.")
    note = plain_text(details.note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise ValidationError(f"Keep the note to {NOTE_LENGTH} characters (it has {len(note)}).")
    return TimeDetails(details.activity, details.worked_on, details.minutes, note)


def _not_accepted(entry: TimeEntry) -> None:
    if entry.statement_id is not None and entry.statement.status == Statement.Status.ACCEPTED:
        raise TimeRefused(f"This time is on statement {entry.statement.number}, which was accepted: it cannot "
                          "change. Tell the service manager if it is wrong.")


def _locked_own_entry(acting_user: User, entry: TimeEntry) -> TimeEntry:
    profile = _own_profile(acting_user)
    locked_mediator(profile)
    locked = (TimeEntry.objects.select_for_update(of=("self",)).select_related("case", "statement", "mediator__user")
              .filter(pk=entry.pk, mediator=profile).first())
    if locked is None:
        raise PermissionDenied("That is not your time.")
    _not_accepted(locked)
    return locked


def _rewrite(*statements: Statement | None) -> None:
    now = timezone.now()
    for statement in {s.pk: s for s in statements if s is not None}.values():
        statement_write(Statement.objects.select_related("mediator").get(pk=statement.pk), now=now)


def time_entry_record(*, acting_user: User, case: Case, details: TimeDetails,
                      meeting: Meeting | None = None) -> TimeEntry:
    """The mediator's time on a case allocated to them now; goes on their open statement for its day, if any."""
    profile = _own_profile(acting_user)
    if not is_case_mediator(acting_user, case):
        raise PermissionDenied("You can record time only on a case allocated to you.")
    details = _checked(details, profile, case)
    if meeting is not None and (meeting.case_id != case.pk or meeting.status != Meeting.Status.HELD):
        raise ValidationError("That meeting was not held on this case.")
    with transaction.atomic():
        profile = locked_mediator(profile)
        entry = TimeEntry.objects.create(mediator=profile, case=case, activity=details.activity,
                                         worked_on=details.worked_on, minutes=details.minutes, note=details.note,
                                         meeting=meeting)
        target = open_statement_for(profile, entry.worked_on)
        if target is not None:
            TimeEntry.objects.filter(pk=entry.pk).update(statement=target)
            _rewrite(target)
        _event(entry, acting_user, FeeEvent.TIME_RECORDED)
        audit_record(actor=acting_user, action="create", target=entry, summary=f"Recorded time on {case.reference}")
    entry.refresh_from_db()
    return entry


def time_entry_correct(*, acting_user: User, entry: TimeEntry, details: TimeDetails) -> TimeEntry:
    """Corrects the mediator's own time, until it is on a statement they accepted. Moved to another month, it moves
    to that month's open statement (or waits for one)."""
    with transaction.atomic():
        entry = _locked_own_entry(acting_user, entry)
        details = _checked(details, entry.mediator, entry.case)
        was_on = entry.statement
        entry.activity, entry.worked_on, entry.minutes, entry.note = (details.activity, details.worked_on,
                                                                      details.minutes, details.note)
        now_on = entry.statement = open_statement_for(entry.mediator, entry.worked_on)
        entry.save(update_fields=["activity", "worked_on", "minutes", "note", "statement", "changed_at"])
        _rewrite(was_on, now_on)
        _event(entry, acting_user, FeeEvent.TIME_CORRECTED)
        audit_record(actor=acting_user, action="update", target=entry,
                     summary=f"Corrected time on {entry.case.reference}")
    entry.refresh_from_db()
    return entry


def time_entry_remove(*, acting_user: User, entry: TimeEntry) -> None:
    """Removes the mediator's own time, until it is on a statement they accepted."""
    with transaction.atomic():
        entry = _locked_own_entry(acting_user, entry)
        was_on = entry.statement
        _event(entry, acting_user, FeeEvent.TIME_REMOVED)
        audit_record(actor=acting_user, action="delete", target=entry,
                     summary=f"Removed time on {entry.case.reference}")
        entry.delete()
        _rewrite(was_on)


def _event(entry: TimeEntry, actor: User, type_: str) -> None:
    time_event(case=entry.case, actor=actor, type_=type_, mediator=str(entry.mediator),
               activity=entry.get_activity_display(), minutes=entry.minutes, on=f"{entry.worked_on:%-d %B %Y}")
