"""Drafting, sending and agreeing the Action Plan. Each service checks who is acting and what the plan allows,
then writes with its timeline entry and audit record, and queues its e-mails, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.agreements import events, notices
from sendresolve.agreements.models import ActionKind, ActionPlan, PlanAction, PlanAgreement, Responsible
from sendresolve.audit.services import audit_record
from sendresolve.cases.choices import CaseKind
from sendresolve.cases.clockwork import case_store_deadlines
from sendresolve.cases.models import Case, Participant
from sendresolve.cases.parties import participant_family_account
from sendresolve.cases.selectors import participants_read
from sendresolve.cases.states import State
from sendresolve.cases.transitions import locked_case
from sendresolve.core.refusals import Refused
from sendresolve.core.timezones import clock_time
from sendresolve.mediators.selectors import is_allocated_mediator

# The plan is drafted during or after the meeting, until the case is closed; it is sent and agreed only once the
# meeting has been held (legal review L6: no agreement, and no duties, before the meeting).
DRAFTING_STATES = frozenset({State.MEETING_BOOKED, State.MEETING_HELD, State.CONCLUDED, State.CERTIFICATE_ISSUED})
AFTER_THE_MEETING = frozenset({State.MEETING_HELD, State.CONCLUDED, State.CERTIFICATE_ISSUED})
APPEALABLE_KINDS = frozenset(set(ActionKind.values) - {ActionKind.NON_APPEALABLE})
MAX_AGREED_WEEKS = 104

AGREEMENT_STATEMENT = ("I have read version {version} of this Action Plan. I agree to it on behalf of {party}. "
                       "I understand it is the written mediation agreement, and that the actions in it must be "
                       "carried out by the dates shown.")


@dataclass(frozen=True)
class ActionLine:
    description: str
    responsible: str
    kind: str
    agreed_weeks: int | None = None


class PlanConflict(Refused):
    """A save made from an older revision than the one stored: someone else saved in between."""

    def __init__(self, plan: ActionPlan):
        super().__init__(f"{plan.updated_by} saved this plan at {clock_time(plan.updated_at)} while "
                         "you were editing it. Their version is shown below; your changes are still in the form. "
                         "Check both, then save again.")
        self.plan = plan


def _require_mediator(user: User, case: Case) -> None:
    if not is_allocated_mediator(user, case):
        raise PermissionDenied("Only the case's mediator drafts the Action Plan.")


def current_plan(case: Case) -> ActionPlan | None:
    return case.plans.select_related("updated_by").order_by("-version").first()


def _checked(actions: list[ActionLine], case: Case) -> list[ActionLine]:
    from sendresolve.agreements.duties import has_legal_date

    checked = []
    for number, line in enumerate(actions, start=1):
        if not line.description.strip():
            raise ValidationError(f"Action {number}: say what will be done.")
        if line.responsible not in Responsible.values:
            raise ValidationError(f"Action {number}: choose who is responsible.")
        if line.kind not in ActionKind.values:
            raise ValidationError(f"Action {number}: choose what kind of action it is.")
        if line.kind in APPEALABLE_KINDS and line.responsible != Responsible.LA:
            raise ValidationError(f"Action {number}: only the local authority can assess, make or amend an EHC "
                                  "plan.")
        if line.agreed_weeks is not None and not 1 <= line.agreed_weeks <= MAX_AGREED_WEEKS:
            raise ValidationError(f"Action {number}: an agreed timescale is between 1 and {MAX_AGREED_WEEKS} weeks.")
        if line.agreed_weeks is None and not has_legal_date(case, line.responsible):
            where = "at disagreement resolution" if case.kind == CaseKind.DR else "for a school or the family"
            raise ValidationError(f"Action {number}: the law sets no time limit for it {where}: enter the number "
                                  "of weeks agreed.")
        checked.append(ActionLine(line.description.strip(), line.responsible, line.kind, line.agreed_weeks))
    return checked


def plan_save_draft(*, acting_user: User, case: Case, revision: int, issues_discussed: str, issues_unresolved: str,
                    actions: list[ActionLine]) -> ActionPlan:
    """Saves the mediator's draft. A save from an older revision is refused (PlanConflict) and changes nothing.
    Changing a plan already sent or agreed makes a new version, which needs agreeing again."""
    _require_mediator(acting_user, case)
    actions = _checked(actions, case)
    with transaction.atomic():
        case = locked_case(case)
        if case.state not in DRAFTING_STATES:
            raise ValidationError(f"This case is at '{State(case.state).label}': the Action Plan is drafted during "
                                  "or after the meeting.")
        plan = case.plans.select_for_update().order_by("-version").first()
        if plan is not None and revision != plan.revision:
            raise PlanConflict(current_plan(case))
        if plan is None or plan.status != ActionPlan.Status.DRAFT:
            if plan is not None and plan.status == ActionPlan.Status.SENT:
                plan.status = ActionPlan.Status.SUPERSEDED  # nobody may agree a text that is being changed
                plan.save(update_fields=["status"])
            plan = ActionPlan(case=case, version=plan.version + 1 if plan else 1)
        plan.issues_discussed, plan.issues_unresolved = issues_discussed.strip(), issues_unresolved.strip()
        plan.updated_by, plan.revision = acting_user, plan.revision + 1
        plan.save()
        plan.actions.all().delete()
        PlanAction.objects.bulk_create(
            PlanAction(plan=plan, position=number, description=line.description, responsible=line.responsible,
                       kind=line.kind, agreed_weeks=line.agreed_weeks) for number, line in enumerate(actions))
        events.plan_saved_event(case=case, actor=acting_user, version=plan.version)
        audit_record(actor=acting_user, action="update", target=plan, summary=f"Saved draft (revision {plan.revision})")
    return plan


def plan_parties(case: Case) -> list[Participant]:
    """Who must agree the plan: the family's rights holder, the LA's decision-maker (unless health-only) and
    the ICB's representative where health is in dispute."""
    from sendresolve.meetings.attendance import required_roles

    roles = {need.role for need in required_roles(case)} - {Participant.Role.MEDIATOR,
                                                           Participant.Role.SOCIAL_CARE}
    read = participants_read(case)
    if read is not None:
        return sorted((p for p in read if p.role in roles), key=lambda p: p.pk)
    return list(case.participants.filter(role__in=roles).select_related("user", "organisation").order_by("id"))


def plan_send(*, acting_user: User, plan: ActionPlan, revision: int) -> ActionPlan:
    """The mediator sends the final text to the parties to agree."""
    _require_mediator(acting_user, plan.case)
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
        if revision != plan.revision:
            raise PlanConflict(current_plan(plan.case))
        if plan.status != ActionPlan.Status.DRAFT:
            raise ValidationError("Only a draft can be sent to the parties.")
        if plan.case.state not in AFTER_THE_MEETING:
            raise ValidationError("Record that the meeting was held before sending the plan: an agreement is made "
                                  "at or after the meeting.")
        if not plan.issues_discussed:
            raise ValidationError("Say which issues were discussed before sending the plan.")
        if not plan.actions.exists():
            raise ValidationError("Add at least one agreed action. If nothing was agreed, record the outcome as "
                                  "not agreed instead.")
        parties = plan_parties(plan.case)
        missing = [p.name for p in parties if not participant_family_account(p)]
        if missing:
            raise ValidationError(
                f"{', '.join(missing)} cannot agree in the app: there is no e-mail address for them to sign in "
                "with, and the service has no page yet to add one to a case.")
        plan.status, plan.sent_at = ActionPlan.Status.SENT, timezone.now()
        plan.save(update_fields=["status", "sent_at"])
        events.plan_sent_event(case=plan.case, actor=acting_user, version=plan.version)
        audit_record(actor=acting_user, action="update", target=plan, summary="Sent to the parties to agree")
        notices.plan_sent(plan, parties)
    return plan


def plan_save_and_send(*, acting_user: User, case: Case, revision: int, issues_discussed: str,
                       issues_unresolved: str, actions: list[ActionLine]) -> ActionPlan:
    """Saves the draft and sends it, or neither: a send refused after the save would leave the mediator's page a
    revision behind, and their next try a conflict with themselves."""
    with transaction.atomic():
        saved = plan_save_draft(acting_user=acting_user, case=case, revision=revision,
                                issues_discussed=issues_discussed, issues_unresolved=issues_unresolved,
                                actions=actions)
        return plan_send(acting_user=acting_user, plan=saved, revision=saved.revision)


def party_of(user: User, plan: ActionPlan) -> Participant | None:
    return next((p for p in plan_parties(plan.case) if p.user_id == user.pk), None)


def plan_agree(*, acting_user: User, plan: ActionPlan, confirmed: bool, typed_name: str) -> PlanAgreement:
    """A party agrees the plan as sent. When every party has, it is the mediation agreement: locked, its
    actions tracked to their legal dates, and the documents sent to everyone."""
    typed_name = typed_name.strip()
    if not confirmed:
        raise ValidationError("Tick the box to agree the Action Plan.")
    if not typed_name:
        raise ValidationError("Type your full name to sign the agreement.")
    with transaction.atomic():
        case = locked_case(plan.case)
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        participant = party_of(acting_user, plan)
        if participant is None:
            raise PermissionDenied("Only the parties agree the Action Plan.")
        if plan.status != ActionPlan.Status.SENT:
            raise ValidationError("This version of the plan is not waiting for agreement.")
        if case.state not in AFTER_THE_MEETING:
            raise ValidationError("The plan can be agreed once the meeting has been held.")
        if plan.agreements.filter(participant=participant).exists():
            raise ValidationError("You have already agreed this version.")
        agreement = PlanAgreement.objects.create(
            plan=plan, participant=participant, user=acting_user, typed_name=typed_name,
            statement=AGREEMENT_STATEMENT.format(version=plan.version, party=_party_name(participant)))
        events.plan_agreed_by_party_event(case=case, actor=acting_user, who=participant.name, version=plan.version)
        audit_record(actor=acting_user, action="create", target=agreement, summary=f"Agreed version {plan.version}")
        agreed = set(plan.agreements.values_list("participant_id", flat=True))
        if agreed >= {p.pk for p in plan_parties(case)}:
            _lock(case, plan, acting_user, on=timezone.localdate())
    return agreement


def _party_name(participant: Participant) -> str:
    return participant.organisation.name if participant.organisation else "myself and my family"


def plan_record_session_agreement(*, acting_user: User, plan: ActionPlan, revision: int, agreed_on: date,
                                  confirmed: set[int]) -> ActionPlan:
    """The mediator records that each party confirmed the final text on screen in the meeting: that is the
    mediation agreement, and `agreed_on` (the meeting's day) is the date every regulation 42 period runs from,
    whatever day anyone later clicks (`AGREEMENT_DATE_RULE = "in_session"`). `confirmed` holds the participants
    who confirmed; every party must have."""
    if settings.AGREEMENT_DATE_RULE != "in_session":
        raise ValidationError("This service takes each party's agreement online, not in the meeting.")
    with transaction.atomic():
        case = locked_case(plan.case)
        _require_mediator(acting_user, case)
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.revision != revision:
            raise PlanConflict(current_plan(case))
        if plan.status != ActionPlan.Status.SENT:
            raise ValidationError("Send the final text to the parties (show it on screen) before recording that "
                                  "they agreed it.")
        if case.state not in AFTER_THE_MEETING or case.mediation_held is None:
            raise ValidationError("Record that the meeting was held first.")
        if not case.mediation_held <= agreed_on <= timezone.localdate():
            raise ValidationError(f"The agreement was made at the meeting: a date from "
                                  f"{case.mediation_held:%-d %B %Y} to today.")
        parties = plan_parties(case)
        missing = [p.name for p in parties if p.pk not in confirmed]
        if missing:
            raise ValidationError(f"Every party must confirm the final text in the meeting: {', '.join(missing)} "
                                  "has not. If they did not, they agree it online instead.")
        already = set(plan.agreements.values_list("participant_id", flat=True))
        for party in parties:
            if party.pk not in already:
                PlanAgreement.objects.create(
                    plan=plan, participant=party, user=acting_user, method=PlanAgreement.Method.IN_SESSION,
                    typed_name=party.name, statement=SESSION_STATEMENT.format(
                        version=plan.version, party=_party_name(party), on=f"{agreed_on:%-d %B %Y}",
                        mediator=acting_user.full_name))
        audit_record(actor=acting_user, action="create", target=plan,
                     summary=f"Recorded agreement in the meeting on {agreed_on:%-d %B %Y}")
        _lock(case, plan, acting_user, on=agreed_on)
    return plan


SESSION_STATEMENT = ("{party} confirmed the final text of version {version} of this Action Plan in the mediation "
                     "meeting on {on}; recorded by the mediator, {mediator}.")


def plan_confirm_receipt(*, acting_user: User, plan: ActionPlan) -> PlanAgreement:
    """A party who agreed in the meeting confirms they have the agreed plan: a receipt, not the agreement."""
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        participant = party_of(acting_user, plan)
        agreement = plan.agreements.filter(participant=participant).first() if participant else None
        if agreement is None or agreement.method != PlanAgreement.Method.IN_SESSION:
            raise PermissionDenied("There is no agreement of yours from the meeting to confirm.")
        if agreement.receipt_at is None:
            agreement.receipt_at = timezone.now()
            agreement.save(update_fields=["receipt_at"])
            audit_record(actor=acting_user, action="update", target=agreement, summary="Confirmed receipt")
    return agreement


def _lock(case: Case, plan: ActionPlan, acting_user: User, *, on: date) -> None:
    case.plans.filter(status=ActionPlan.Status.AGREED).update(status=ActionPlan.Status.SUPERSEDED)
    plan.status, plan.agreed_on = ActionPlan.Status.AGREED, on
    plan.save(update_fields=["status", "agreed_on"])
    case.agreement_date = on
    case.save(update_fields=["agreement_date", "updated_at"])
    events.plan_agreed_event(case=case, actor=acting_user, version=plan.version, on=on)
    case_store_deadlines(case)
    notices.plan_agreed(plan, plan_parties(case))
