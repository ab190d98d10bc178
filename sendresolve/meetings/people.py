"""Every change to who takes part in a case's meeting: people added, each body's named attendee and its
authority to settle, consent for anyone beyond the parties and one supporter, the child, access needs.
Each service checks who is acting, then writes with its timeline entry and audit record in one transaction."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.selectors import account_for_address, user_access
from sendresolve.audit.services import audit_record
from sendresolve.cases.choices import AccessNeed, CaseKind, RightsHolder
from sendresolve.cases.models import Case, Participant
from sendresolve.cases.states import OPEN_STATES
from sendresolve.cases.transitions import CASE_WORKERS, require_case_worker
from sendresolve.mediators.selectors import is_allocated_mediator
from sendresolve.meetings import events
from sendresolve.meetings.attendance import case_standings
from sendresolve.meetings.models import AttendanceDecision, AuthorityToSettle, ChildViewsSteps, Invitee

R = Participant.Role
ADDABLE_ROLES = frozenset({R.SECOND_PARENT, R.SUPPORTER, R.SCHOOL, R.OTHER, R.CHILD, R.LA_OFFICER,
                           R.ICB_REPRESENTATIVE, R.SOCIAL_CARE})
# Which body names which attendee, and the role its attendee must hold there.
NAMING = {
    OrganisationKind.LOCAL_AUTHORITY: (R.LA_DECISION_MAKER, frozenset({Role.LA_OFFICER, Role.LA_DECISION_MAKER}),
                                       Role.LA_DECISION_MAKER),
    OrganisationKind.ICB: (R.ICB_REPRESENTATIVE, frozenset({Role.ICB_REPRESENTATIVE}), Role.ICB_REPRESENTATIVE),
    OrganisationKind.SOCIAL_CARE: (R.SOCIAL_CARE, frozenset({Role.SOCIAL_CARE_REPRESENTATIVE}),
                                   Role.SOCIAL_CARE_REPRESENTATIVE),
}


def authority_statement(attendee: str, organisation: Organisation, case: Case) -> str:
    issues = "; ".join(str(issue) for issue in case.issues.all())
    return (f"I confirm that {attendee} will attend the mediation for {organisation} with the authority to settle "
            f"the issues in dispute ({issues}), and can agree actions at the meeting without referring them back "
            "to a panel.")


def _open(case: Case) -> None:
    if case.state not in OPEN_STATES:
        raise ValidationError("This case is closed.")


def participant_add(*, acting_user: User, case: Case, role: str, name: str, email: str = "", phone: str = "",
                    organisation: Organisation | None = None) -> Participant:
    """Adds someone to the case (a second parent, a supporter, school staff, the child...). Whether they may
    attend the meeting follows the attendance rules, not this."""
    require_case_worker(acting_user)
    _open(case)
    if role not in ADDABLE_ROLES:
        raise ValidationError("That role is added another way: the family when the case opens, the mediator by "
                              "allocation, the LA's decision-maker by the LA.")
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise ValidationError("Enter the person's name.")
    with transaction.atomic():
        participant = Participant.objects.create(
            case=case, role=role, name=name, email=email, phone=phone.strip(), organisation=organisation,
            user=account_for_address(email) if email else None)
        events.participant_added_event(case=case, actor=acting_user, who=f"{name} ({participant.get_role_display()})")
        audit_record(actor=acting_user, action="create", target=participant, summary=f"Added {name} to {case}")
    return participant


def naming_body(acting_user: User, case: Case) -> Organisation:
    """The body the acting user names an attendee for: their LA, or their ICB or social care team on the case."""
    access = user_access(acting_user)
    if case.local_authority in access.organisations_for(Role.LA_OFFICER, Role.LA_DECISION_MAKER):
        return case.local_authority
    party_ids = {party.organisation_id for party in case.parties.all()}  # prefetched by the case page
    for organisation in access.organisations_for(Role.ICB_REPRESENTATIVE, Role.SOCIAL_CARE_REPRESENTATIVE):
        if organisation.pk in party_ids:
            return organisation
    raise PermissionDenied("Only the local authority, or an ICB or social care team on the case, names its "
                           "attendee.")


def authority_required(body: Organisation) -> bool:
    """Whether this body must confirm in writing that its attendee can settle: the LA always; an ICB or social
    care team too by default ("the local authority and health commissioner representative(s) should be
    sufficiently senior and have the authority to be able to make decisions", the Code [O]; legal review L10)."""
    if body.kind == OrganisationKind.LOCAL_AUTHORITY:
        return True
    return settings.AUTHORITY_TO_SETTLE_BODIES == "every_party_body" and body.kind in NAMING


def attendee_name(*, acting_user: User, case: Case, attendee: User, confirm_authority: bool,
                  typed_name: str = "") -> Participant:
    """A body names who attends for it, confirming in writing, where it must, that they have authority to settle
    the issues in dispute: the meeting cannot be booked without it."""
    _open(case)
    body = naming_body(acting_user, case)
    participant_role, _, attendee_role = NAMING[body.kind]
    if body not in user_access(attendee).organisations_for(attendee_role):
        raise ValidationError(f"{attendee} is not a {Role(attendee_role).label.lower()} at {body}.")
    typed_name = typed_name.strip()
    if authority_required(body) and not confirm_authority:
        raise ValidationError("Confirm that the attendee has authority to settle the issues in dispute: the "
                              "meeting cannot go ahead without it.")
    if confirm_authority and not typed_name:
        raise ValidationError("Type your full name to sign the confirmation.")
    with transaction.atomic():
        participant = case.participants.select_for_update().filter(role=participant_role, organisation=body).first()
        if participant is None:
            participant = Participant(case=case, role=participant_role, organisation=body)
        participant.user, participant.name, participant.email = attendee, attendee.full_name, attendee.email
        participant.save()
        who = f"{attendee.full_name} for {body}"
        events.attendee_named_event(case=case, actor=acting_user, who=who)
        if confirm_authority:
            AuthorityToSettle.objects.create(
                case=case, organisation=body, attendee=participant, typed_name=typed_name, confirmed_by=acting_user,
                statement=authority_statement(attendee.full_name, body, case))
            events.authority_confirmed_event(case=case, actor=acting_user, who=who)
        audit_record(actor=acting_user, action="update", target=participant, summary=f"Named attendee: {who}")
    return participant


def authority_confirmed(case: Case) -> AuthorityToSettle | None:
    """The LA's written confirmation for its attendee as named now, if it has given one."""
    attendee = case.participants.filter(role=R.LA_DECISION_MAKER, organisation=case.local_authority).first()
    if attendee is None:
        return None
    return case.authority_confirmations.filter(attendee=attendee, confirmed_by__isnull=False).select_related(
        "confirmed_by").first()


def bodies_without_authority(case: Case) -> list[Organisation]:
    """The bodies whose named attendee has no written confirmation of authority to settle, where one is needed."""
    attendees = [p for p in case.participants.select_related("organisation")
                 .filter(role__in=[need[0] for need in NAMING.values()], organisation__isnull=False)
                 if authority_required(p.organisation)]
    confirmed = set(case.authority_confirmations.filter(confirmed_by__isnull=False)
                    .values_list("attendee_id", flat=True))
    return [p.organisation for p in attendees if p.pk not in confirmed]


def attendance_decide(*, acting_user: User, participant: Participant, method: str, allowed: bool,
                      parties_consulted: str = "", reason: str = "") -> AttendanceDecision:
    """Records whether someone beyond the parties and the one supporter may attend, and on what basis."""
    case = participant.case
    _open(case)
    standing = next(s for s in case_standings(case) if s.participant.pk == participant.pk)
    if not standing.decided_by_consent:
        raise ValidationError(f"{participant.name} attends as of right ({standing.basis.lower()}): no decision "
                              "is needed.")
    mediator = is_allocated_mediator(acting_user, case)
    parties_consulted, reason = parties_consulted.strip(), reason.strip()
    if participant.role == R.CHILD:
        if method != AttendanceDecision.Method.PARENT_AND_MEDIATOR or not mediator:
            raise PermissionDenied("Whether the child attends is for the parent and the mediator to agree: the "
                                   "mediator records it.")
    elif method == AttendanceDecision.Method.ALL_PARTIES:
        if not (mediator or user_access(acting_user).roles & CASE_WORKERS):
            raise PermissionDenied("Only the case officer or the mediator records the parties' consent.")
        if not allowed:
            raise ValidationError("If a party does not consent, the mediator decides: record the mediator's "
                                  "decision instead.")
        if not parties_consulted:
            raise ValidationError("Say which parties consented, and when.")
    elif method == AttendanceDecision.Method.MEDIATOR:
        if not mediator:
            raise PermissionDenied("Only the mediator decides when the parties do not all agree.")
    else:
        raise ValidationError("Choose how the decision was made.")
    if method != AttendanceDecision.Method.ALL_PARTIES and not reason:
        raise ValidationError("Give the reason for the decision.")
    with transaction.atomic():
        decision = AttendanceDecision.objects.create(
            participant=participant, method=method, allowed=allowed, parties_consulted=parties_consulted,
            reason=reason, decided_by=acting_user)
        outcome = ("May attend: " if allowed else "May not attend: ") + decision.get_method_display().lower()
        events.attendance_decided_event(case=case, actor=acting_user, who=participant.name, outcome=outcome,
                                        reason=reason or parties_consulted)
        audit_record(actor=acting_user, action="create", target=decision, summary=outcome)
    return decision


def child_views_record(*, acting_user: User, case: Case, steps: str) -> ChildViewsSteps:
    """Where the child does not attend, the mediator records the steps taken to get their views."""
    if not is_allocated_mediator(acting_user, case):
        raise PermissionDenied("Only the case's mediator records this.")
    steps = steps.strip()
    if not steps:
        raise ValidationError("Describe the steps taken to get the child's views, or why none could be taken.")
    with transaction.atomic():
        record = ChildViewsSteps.objects.create(case=case, steps=steps, recorded_by=acting_user)
        events.child_views_steps_event(case=case, actor=acting_user)
        audit_record(actor=acting_user, action="create", target=record, summary="Recorded steps for child's views")
    return record


def child_views_missing(case: Case) -> bool:
    """Where a parent is the party and the child did not attend, the mediator must take reasonable steps to find out
    the child's views (s.56(1)(e) [P], reg 38(2) [S]): true while no record of those steps (or of why none were
    reasonable) exists. Not for a young person's own case, nor for disagreement resolution."""
    if (not settings.CHILD_VIEWS_RECORD_REQUIRED or case.kind != CaseKind.MEDIATION
            or case.rights_holder != RightsHolder.PARENT):
        return False
    child_invited = Invitee.objects.filter(meeting__case=case, participant__role=R.CHILD).exists()
    return not child_invited and not case.child_views_steps.exists()


def access_needs_update(*, acting_user: User, participant: Participant, needs: list[str],
                        interpreter_language: str = "", notes: str = "") -> Participant:
    """A participant's access needs, set by them or by a case officer."""
    if participant.user_id != acting_user.pk:
        require_case_worker(acting_user)
    unknown = set(needs) - set(AccessNeed.values)
    if unknown:
        raise ValidationError(f"Unknown access need: {', '.join(sorted(unknown))}.")
    interpreter_language = interpreter_language.strip()
    if AccessNeed.INTERPRETER in needs and not interpreter_language:
        raise ValidationError("Say which language the interpreter is for.")
    with transaction.atomic():
        participant.access_needs = sorted(set(needs))
        participant.interpreter_language = interpreter_language
        participant.access_notes = notes.strip()
        participant.save(update_fields=["access_needs", "interpreter_language", "access_notes"])
        audit_record(actor=acting_user, action="update", target=participant, summary="Access needs updated")
    return participant
