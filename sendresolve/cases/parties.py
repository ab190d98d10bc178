"""The bodies taking part in a case besides the LA, and telling the ICB where health is in dispute (legal review L4).

A body can be added after the request (an online request whose LA has no ICB on record, a health issue that came
up on the phone); an ICB added once mediation has been asked for is sent its notice at once. Where the ICB was told
another way (by phone, by letter), the adviser records when, which meets the 3 working days (T3) and, for a
health-only mediation, starts the ICB's 30 days (T4c).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import OrganisationKind
from sendresolve.accounts.services import family_account
from sendresolve.audit.services import audit_record
from sendresolve.cases import events, notices
from sendresolve.cases.clockwork import case_store_deadlines
from sendresolve.cases.models import Case, CaseParty, Participant
from sendresolve.cases.services import health_in_dispute
from sendresolve.cases.states import OPEN_STATES, State
from sendresolve.cases.transitions import locked_case, not_in_future, require_case_worker

PARTY_KINDS = frozenset({OrganisationKind.ICB, OrganisationKind.SOCIAL_CARE, OrganisationKind.SCHOOL})
# States after the family asked for mediation: a new ICB is told straight away.
_REQUESTED = frozenset({State.MEDIATION_REQUESTED, State.ARRANGING, State.MEETING_BOOKED})


def case_add_party(*, acting_user: User, case: Case, organisation: Organisation) -> CaseParty:
    require_case_worker(acting_user)
    if organisation.kind not in PARTY_KINDS:
        raise ValidationError("Only an ICB, a social care team or a school is added this way.")
    with transaction.atomic():
        case = locked_case(case)
        if case.state not in OPEN_STATES:
            raise ValidationError("This case is closed.")
        if case.parties.filter(organisation=organisation).exists():
            raise ValidationError(f"{organisation} is already taking part.")
        party = CaseParty.objects.create(case=case, organisation=organisation)
        events.record(case, events.EventType.PARTY_ADDED, acting_user, organisation=organisation.name)
        audit_record(actor=acting_user, action="create", target=case, summary=f"Added {organisation} to the case")
        if organisation.kind == OrganisationKind.ICB and case.state in _REQUESTED and health_in_dispute(case):
            case_store_deadlines(case)  # T3 and T4 as they stand, for the notice
            if notices.icb_told(case, organisation, actor=acting_user) and case.rcb_received_notification is None:
                case.rcb_received_notification = timezone.localdate()
                case.save(update_fields=["rcb_received_notification", "updated_at"])
        case_store_deadlines(case)
    return party


def case_record_icb_told(*, acting_user: User, case: Case, on: date) -> Case:
    """The ICB was told of the mediation another way (phone, letter) on `on`."""
    require_case_worker(acting_user)
    not_in_future(on, "the ICB was told")
    with transaction.atomic():
        case = locked_case(case)
        if not health_in_dispute(case):
            raise ValidationError("Health is not in dispute on this case, so no ICB needs to be told.")
        if case.la_received_request is None:
            raise ValidationError("Record that the family wants mediation first.")
        if on < case.la_received_request:
            raise ValidationError("The ICB cannot have been told of the request before it was made.")
        case.rcb_received_notification = on
        case.save(update_fields=["rcb_received_notification", "updated_at"])
        events.transition_event(case=case, actor=acting_user, type_=events.EventType.ICB_NOTIFIED, on=on)
        audit_record(actor=acting_user, action="update", target=case, summary=f"ICB told on {on:%-d %B %Y}")
        case_store_deadlines(case)
    return case


FAMILY_ROLES = frozenset({Participant.Role.RIGHTS_HOLDER, Participant.Role.SECOND_PARENT})


def participant_family_account(participant: Participant) -> bool:
    """A family member entered by phone before families got accounts on entry has none: one made now, for their
    own e-mail address, lets them sign in by e-mailed code (never by matching an address someone typed about
    themselves: `family_account`). Whether they have an account now. Call inside the caller's transaction."""
    if participant.user_id is None and participant.role in FAMILY_ROLES and participant.email:
        participant.user, _ = family_account(email=participant.email, full_name=participant.name)
        if participant.user is not None:
            participant.save(update_fields=["user"])
    return participant.user_id is not None
