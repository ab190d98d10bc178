"""Every change to who mediates a case. Each service checks who is acting and whether the change is allowed,
then writes it with its timeline entry and audit record, and queues its e-mails, in one transaction."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import user_access
from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case, Participant
from sendresolve.cases.selectors import LA_ROLES, PARTY_ROLES, family_participant
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.cases.transitions import locked_case, require_case_worker
from sendresolve.core.refusals import Refused
from sendresolve.mediators import events, notices
from sendresolve.mediators.models import Allocation, AvailabilitySlot, MediatorProfile, Objection
from sendresolve.mediators.selectors import eligibility_problem

# A mediator can be chosen once the family has asked to mediate (or all parties agreed to DR) and until the
# meeting is held.
ALLOCATABLE_STATES = frozenset({State.MEDIATION_REQUESTED, State.PARTIES_AGREED, State.ARRANGING,
                                State.MEETING_BOOKED})


class AllocationRefused(Refused):
    """An allocation that cannot be made; the message says why in plain English."""


def allocation_create(*, acting_user: User, case: Case, mediator: MediatorProfile) -> Allocation:
    """Allocates a mediator who is independent of every party body, has capacity and no conflict."""
    require_case_worker(acting_user)
    with transaction.atomic():
        case = locked_case(case)
        if case.state not in ALLOCATABLE_STATES:
            raise TransitionNotAllowed(f"This case is at '{State(case.state).label}', so a mediator cannot be "
                                       "allocated now.")
        if case.allocations.filter(ended_at__isnull=True).exists():
            raise AllocationRefused("This case already has a mediator. A new one is allocated only after the "
                                    "current one declares a conflict or an objection to them is upheld.")
        problem = eligibility_problem(case, mediator)
        if problem:
            raise AllocationRefused(f"{mediator} cannot be allocated: {problem}.")
        allocation = Allocation.objects.create(case=case, mediator=mediator, allocated_by=acting_user)
        Participant.objects.create(case=case, user=mediator.user, role=Participant.Role.MEDIATOR,
                                   name=mediator.user.full_name, email=mediator.user.email)
        events.mediator_allocated_event(case=case, actor=acting_user, mediator=str(mediator))
        audit_record(actor=acting_user, action="create", target=allocation, summary=f"Allocated {mediator}")
        notices.mediator_allocated(allocation)
    return allocation


def _own_allocation(acting_user: User, allocation: Allocation) -> Allocation:
    locked = Allocation.objects.select_for_update().select_related("case", "mediator__user").get(pk=allocation.pk)
    if locked.mediator.user_id != acting_user.pk:
        raise PermissionDenied("Only the allocated mediator can make this declaration.")
    if not locked.active:
        raise AllocationRefused("You are no longer allocated to this case.")
    return locked


def _end(allocation: Allocation, reason: str) -> None:
    allocation.ended_at = timezone.now()
    allocation.end_reason = reason
    allocation.save(update_fields=["ended_at", "end_reason"])
    # The case is theirs no longer: their access came from being a participant.
    Participant.objects.filter(case=allocation.case, role=Participant.Role.MEDIATOR,
                               user=allocation.mediator.user).delete()


def allocation_declare(*, acting_user: User, allocation: Allocation, knows_family: bool, has_link: bool,
                       details: str = "") -> Allocation:
    """The mediator's declaration for this case. Knowing the family or the child, or any link with the LA or
    ICB, sends the case back for re-allocation with the reason on its timeline."""
    details = details.strip()
    if (knows_family or has_link) and not details:
        raise ValidationError("Say what the conflict is, so the case officer can explain the change of mediator.")
    with transaction.atomic():
        allocation = _own_allocation(acting_user, allocation)
        mediator = str(allocation.mediator)
        if knows_family or has_link:
            what = "knows the family or the child" if knows_family else "has a link with a party body"
            reason = f"{mediator} {what}: {details}"
            _end(allocation, reason)
            events.mediator_conflict_event(case=allocation.case, actor=acting_user, mediator=mediator, reason=reason)
            audit_record(actor=acting_user, action="update", target=allocation, summary="Declared a conflict")
            notices.mediator_conflict(allocation)
            return allocation
        if allocation.declared_independent_at is None:
            allocation.declared_independent_at = timezone.now()
            allocation.save(update_fields=["declared_independent_at"])
            events.mediator_declared_independent_event(case=allocation.case, actor=acting_user, mediator=mediator)
            audit_record(actor=acting_user, action="update", target=allocation, summary="Declared independence")
    return allocation


def objecting_party(user: User, case: Case) -> str:
    """Who an objection is from: the family, or the body the user acts for on this case."""
    family = family_participant(case)
    if family is not None and family.user_id == user.pk:
        return "The family"
    access = user_access(user)
    if case.local_authority in access.organisations_for(*LA_ROLES):
        return case.local_authority.name
    party_ids = {party.organisation_id for party in case.parties.all()}  # prefetched by the case page
    for organisation in access.organisations_for(*PARTY_ROLES):
        if organisation.pk in party_ids:
            return organisation.name
    raise PermissionDenied("Only a party to the case can object to its mediator.")


def objection_raise(*, acting_user: User, allocation: Allocation, reason: str) -> Objection:
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why you object to this mediator.")
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().select_related("case", "mediator__user").get(
            pk=allocation.pk)
        if not allocation.active:
            raise AllocationRefused("This mediator is no longer allocated to the case.")
        party = objecting_party(acting_user, allocation.case)
        objection = Objection.objects.create(allocation=allocation, raised_by=acting_user, party=party,
                                             reason=reason)
        events.mediator_objection_event(case=allocation.case, actor=acting_user, party=party, reason=reason)
        audit_record(actor=acting_user, action="create", target=objection, summary=f"Objection by {party}")
        notices.objection_raised(objection)
    return objection


def objection_decide(*, acting_user: User, objection: Objection, upheld: bool, reason: str) -> Objection:
    """The case officer's decision on an objection; upheld, the mediator comes off the case."""
    require_case_worker(acting_user)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give the reason for the decision: the parties are told it.")
    with transaction.atomic():
        objection = Objection.objects.select_for_update().select_related("allocation__case",
                                                                        "allocation__mediator__user").get(
            pk=objection.pk)
        if objection.decision:
            raise AllocationRefused("This objection has already been decided.")
        objection.decision = Objection.Decision.UPHELD if upheld else Objection.Decision.NOT_UPHELD
        objection.decision_reason, objection.decided_by, objection.decided_at = reason, acting_user, timezone.now()
        objection.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
        allocation = objection.allocation
        if upheld and allocation.active:
            _end(allocation, f"objection by {objection.party} upheld: {reason}")
        events.mediator_objection_decided_event(case=allocation.case, actor=acting_user,
                                                outcome=objection.get_decision_display(), reason=reason)
        audit_record(actor=acting_user, action="update", target=objection, summary=objection.get_decision_display())
    return objection


def availability_add(*, acting_user: User, start: datetime, end: datetime) -> AvailabilitySlot:
    """A time the mediator can hold meetings."""
    profile = MediatorProfile.objects.filter(user=acting_user).first()
    if profile is None or Role.MEDIATOR not in user_access(acting_user).roles:
        raise PermissionDenied("Only mediators on the register keep availability.")
    if end <= start:
        raise ValidationError("The end time must be after the start time.")
    if start < timezone.now():
        raise ValidationError("The time must be in the future.")
    with transaction.atomic():
        slot = AvailabilitySlot.objects.create(mediator=profile, start=start, end=end)
        audit_record(actor=acting_user, action="create", target=profile, summary="Added availability")
    return slot


def availability_remove(*, acting_user: User, slot_id: int) -> None:
    with transaction.atomic():
        deleted, _ = AvailabilitySlot.objects.filter(pk=slot_id, mediator__user=acting_user).delete()
        if not deleted:
            raise PermissionDenied("That is not one of your times.")
        audit_record(actor=acting_user, action="delete", target=acting_user, summary="Removed availability")
