"""Asking the required people when they can meet, and their answers. Each service checks who is acting,
then writes with its timeline entry and audit record, and queues its e-mails, in one transaction."""

from __future__ import annotations

from datetime import UTC, date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.selectors import user_access
from sendresolve.audit.services import audit_record
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.cases.models import Case
from sendresolve.cases.parties import participant_family_account
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.cases.transitions import CASE_WORKERS, locked_case, require_case_worker
from sendresolve.meetings import events, notices
from sendresolve.meetings.attendance import case_standings, required_roles
from sendresolve.meetings.models import AvailabilityAnswer, AvailabilityRequest
from sendresolve.meetings.scheduling import Slot
from sendresolve.meetings.selectors import offered_slots


def availability_request(*, acting_user: User, case: Case, last_day: date | None = None) -> AvailabilityRequest:
    """Asks each required person for the sessions they can make, from the first day that gives the family
    enough notice (T5) to the last day of the 30 days (T4), or to `last_day` where there is no such limit."""
    require_case_worker(acting_user)
    today = timezone.localdate()
    with transaction.atomic():
        case = locked_case(case)
        if case.state != State.ARRANGING:
            raise TransitionNotAllowed(f"This case is at '{State(case.state).label}': availability is asked for "
                                       "while the meeting is being arranged.")
        first_day, window_end = case_meeting_window(case, told_on=today)
        last_day = last_day or window_end
        if last_day is None:
            raise ValidationError("Choose the last day to ask about.")
        if last_day < first_day:
            raise ValidationError(
                f"The earliest a meeting can be held with 5 working days' notice is {first_day:%-d %B %Y}, after "
                f"{last_day:%-d %B %Y}. Choose a later last day; the meeting will then be outside the 30 days.")
        case.availability_requests.filter(closed_at__isnull=True).update(closed_at=timezone.now())
        request = AvailabilityRequest.objects.create(case=case, requested_by=acting_user, first_day=first_day,
                                                     last_day=last_day)
        required = {need.role for need in required_roles(case)}
        asked = [standing.participant for standing in case_standings(case)
                 if standing.may_attend and standing.participant.role in required]
        for participant in asked:
            participant_family_account(participant)
        AvailabilityAnswer.objects.bulk_create(AvailabilityAnswer(request=request, participant=p) for p in asked)
        events.availability_requested_event(case=case, actor=acting_user,
                                            who=", ".join(p.name for p in asked) or "nobody yet")
        audit_record(actor=acting_user, action="create", target=case, summary="Asked for availability")
        notices.availability_requested(request, asked)
    return request


def availability_give(*, acting_user: User, answer: AvailabilityAnswer, slots: list[Slot]) -> AvailabilityAnswer:
    """A person's free sessions, given on their own page or by a case officer from a phone call."""
    if answer.participant.user_id != acting_user.pk and not user_access(acting_user).roles & CASE_WORKERS:
        raise PermissionDenied("Only the person asked, or a case officer for them, can give this availability.")
    with transaction.atomic():
        answer = AvailabilityAnswer.objects.select_for_update().select_related("request", "participant").get(
            pk=answer.pk)
        request = answer.request
        if request.closed_at is not None:
            raise ValidationError("These dates are no longer being asked about: the meeting has been arranged.")
        offered = set(offered_slots(request))
        if not set(slots) <= offered:
            raise ValidationError("Choose from the times listed.")
        answer.slots = [[slot.start.isoformat(), slot.end.isoformat()] for slot in sorted(slots, key=_instant)]
        answer.answered_at, answer.answered_by = timezone.now(), acting_user
        answer.save(update_fields=["slots", "answered_at", "answered_by"])
        events.availability_given_event(case=request.case, actor=acting_user, who=answer.participant.name)
        audit_record(actor=acting_user, action="update", target=request.case, summary="Gave availability")
    return answer


def _instant(slot: Slot):
    return slot.start.astimezone(UTC)  # London wall clocks repeat an hour in October: compare instants
