"""Following up every agreed action: the responsible body marks it done (with evidence) or asks the family to
agree a new date; the family says when something has not happened; the ICB records telling the LA (T12).
Each service checks who is acting, then writes with its timeline entry and audit record in one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.selectors import user_access
from sendresolve.agreements import events
from sendresolve.agreements.events import AgreementEvent
from sendresolve.agreements.models import DutyUpdate, Responsible
from sendresolve.audit.services import audit_record
from sendresolve.cases.clockwork import case_store_deadlines
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.selectors import family_participant
from sendresolve.cases.transitions import CASE_WORKERS, locked_case, not_in_future
from sendresolve.documents.uploads import letter_content_type

BODY_ROLES = {
    Responsible.LA: (OrganisationKind.LOCAL_AUTHORITY, {Role.LA_OFFICER, Role.LA_DECISION_MAKER}),
    Responsible.ICB: (OrganisationKind.ICB, {Role.ICB_REPRESENTATIVE}),
    Responsible.SCHOOL: (OrganisationKind.SCHOOL, {Role.SCHOOL_REPRESENTATIVE}),
    Responsible.SOCIAL_CARE: (OrganisationKind.SOCIAL_CARE, {Role.SOCIAL_CARE_REPRESENTATIVE}),
}


def is_family(user: User, case: Case) -> bool:
    family = family_participant(case)
    return family is not None and family.user_id == user.pk


def acts_for(user: User, case: Case, responsible: str) -> bool:
    """Whether the user acts for the body responsible for an action on this case (or is its case officer)."""
    access = user_access(user)
    if access.roles & CASE_WORKERS:
        return True
    if responsible == Responsible.FAMILY:
        return is_family(user, case)
    kind, roles = BODY_ROLES[responsible]
    bodies = {org.pk for org in access.organisations_for(*roles) if org.kind == kind}
    if kind == OrganisationKind.LOCAL_AUTHORITY:
        return case.local_authority_id in bodies
    return case.parties.filter(organisation_id__in=bodies).exists()


def duty_of(case: Case, action_id: int, rule: str) -> CaseDeadline:
    """The stored duty of one agreed action, or a ValidationError when there is none."""
    duty = (CaseDeadline.objects.filter(case=case, plan_action_id=action_id, rule=rule)
            .select_related("plan_action").first())
    if duty is None:
        raise ValidationError("There is no such agreed action on this case.")
    return duty


def _update(acting_user: User, case: Case, duty: CaseDeadline, kind: str, type_: str, what: str, **fields):
    update = DutyUpdate.objects.create(action=duty.plan_action, rule=duty.rule, kind=kind, by=acting_user, **fields)
    events.duty_event(case=case, actor=acting_user, type_=type_, what=what, reason=fields.get("note", ""))
    audit_record(actor=acting_user, action="create", target=update, summary=update.get_kind_display())
    case_store_deadlines(case)
    return update


def duty_mark_done(*, acting_user: User, case: Case, action_id: int, rule: str, note: str,
                   evidence=None) -> DutyUpdate:
    """The responsible body says the action is done, with a note of what was done and, if it likes, a document."""
    note = note.strip()
    if not note:
        raise ValidationError("Say what was done: this is the evidence the family and the mediation service see.")
    evidence_type = letter_content_type(evidence) if evidence else ""
    with transaction.atomic():
        case = locked_case(case)
        duty = duty_of(case, action_id, rule)
        if not acts_for(acting_user, case, duty.plan_action.responsible):
            raise PermissionDenied("Only the body responsible for this action can mark it done.")
        if duty.met_on:
            raise ValidationError("This action is already marked done.")
        fields = {"note": note}
        if evidence:
            fields |= {"evidence": evidence, "evidence_name": evidence.name[:200], "evidence_type": evidence_type}
        return _update(acting_user, case, duty, DutyUpdate.Kind.DONE, AgreementEvent.DUTY_DONE,
                       duty.plan_action.description[:120], **fields)


def duty_ask_new_date(*, acting_user: User, case: Case, action_id: int, rule: str, new_due: date,
                      reason: str) -> DutyUpdate:
    """The responsible body asks the family to agree a later date (a timescale agreed in writing, reg 42(5))."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the action needs a new date.")
    if new_due <= timezone.localdate():
        raise ValidationError("The new date must be in the future.")
    with transaction.atomic():
        case = locked_case(case)
        duty = duty_of(case, action_id, rule)
        if not acts_for(acting_user, case, duty.plan_action.responsible) or is_family(acting_user, case):
            raise PermissionDenied("Only the body responsible for this action can ask for a new date.")
        if duty.met_on:
            raise ValidationError("This action is already done.")
        if pending_new_date(duty) is not None:
            raise ValidationError("A new date is already waiting for the family's answer.")
        return _update(acting_user, case, duty, DutyUpdate.Kind.NEW_DATE_ASKED, AgreementEvent.DUTY_NEW_DATE_ASKED,
                       f"{duty.plan_action.description[:100]}: {new_due:%-d %B %Y}", note=reason, new_due=new_due)


_DATE_KINDS = frozenset({DutyUpdate.Kind.NEW_DATE_ASKED, DutyUpdate.Kind.NEW_DATE_AGREED,
                         DutyUpdate.Kind.NEW_DATE_REFUSED})


def new_date_waiting(history: list[DutyUpdate]) -> DutyUpdate | None:
    """From a duty's updates in order: the new date asked for and not yet answered by the family, if any.
    A report that it has not happened, in between, does not answer it."""
    about_dates = [update for update in history if update.kind in _DATE_KINDS]
    return about_dates[-1] if about_dates and about_dates[-1].kind == DutyUpdate.Kind.NEW_DATE_ASKED else None


def pending_new_date(duty: CaseDeadline) -> DutyUpdate | None:
    return new_date_waiting(list(DutyUpdate.objects.filter(action=duty.plan_action, rule=duty.rule)
                                 .order_by("at", "id")))


def duty_answer_new_date(*, acting_user: User, case: Case, action_id: int, rule: str, agree: bool) -> DutyUpdate:
    """The family agrees, or not, to the new date asked for; agreed, it becomes the action's date."""
    with transaction.atomic():
        case = locked_case(case)
        if not is_family(acting_user, case):
            raise PermissionDenied("Only the family agrees a new date.")
        duty = duty_of(case, action_id, rule)
        asked = pending_new_date(duty)
        if asked is None:
            raise ValidationError("No new date is waiting for your answer.")
        kind = DutyUpdate.Kind.NEW_DATE_AGREED if agree else DutyUpdate.Kind.NEW_DATE_REFUSED
        answer = "agreed" if agree else "did not agree"
        return _update(acting_user, case, duty, kind, AgreementEvent.DUTY_NEW_DATE_ANSWERED,
                       f"{answer} {asked.new_due:%-d %B %Y} for {duty.plan_action.description[:100]}",
                       new_due=asked.new_due)


def duty_report_not_happened(*, acting_user: User, case: Case, action_id: int, rule: str, note: str) -> DutyUpdate:
    """The family says an agreed action has not happened: the mediation service and the LA are told."""
    note = note.strip()
    if not note:
        raise ValidationError("Tell us what has not happened.")
    with transaction.atomic():
        case = locked_case(case)
        if not is_family(acting_user, case):
            raise PermissionDenied("Only the family reports this on its own page.")
        duty = duty_of(case, action_id, rule)
        update = _update(acting_user, case, duty, DutyUpdate.Kind.NOT_HAPPENED, AgreementEvent.DUTY_NOT_HAPPENED,
                         duty.plan_action.description[:120], note=note)
        from sendresolve.agreements import reminders

        reminders.not_happened_reported(case, duty, update)
        return update


def case_record_la_told(*, acting_user: User, case: Case, on: date) -> Case:
    """Health-only mediation: the ICB told the LA of the agreement (T12)."""
    not_in_future(on, "the LA was told")
    with transaction.atomic():
        case = locked_case(case)
        if not (acts_for(acting_user, case, Responsible.ICB)):
            raise PermissionDenied("Only the ICB (or the mediation service for it) records this.")
        if case.agreement_date is None or not case.deadlines.filter(rule="T12").exists():
            raise ValidationError("The LA only needs telling of an agreement in a health-only mediation.")
        case.la_told_of_agreement = on
        case.save(update_fields=["la_told_of_agreement", "updated_at"])
        events.la_told_event(case=case, actor=acting_user, on=on)
        audit_record(actor=acting_user, action="update", target=case, summary="LA told of the agreement")
        case_store_deadlines(case)
    return case
