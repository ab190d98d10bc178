"""Reminders before an agreed action is due and escalations after: one e-mail per step and due date, however
often the worker's sweep runs. An overdue action is escalated to the LA's named contact with the legal basis."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.agreements import events
from sendresolve.agreements.events import AgreementEvent
from sendresolve.agreements.models import DutyUpdate, FollowUpNotice, Responsible
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.mediators.notices import provider_address
from sendresolve.notifications.services import email_from_template

REMINDER_WORKING_DAYS = 5
SECOND_ESCALATION_WORKING_DAYS = 10
_DUTY_RULES = Q(rule__startswith="T10") | Q(rule__startswith="T11") | Q(rule__startswith="T12") | Q(
    rule__startswith="T13") | Q(rule="AGREED")

LEGAL_BASIS = {
    "T10": "Regulation 42(2) of the Special Educational Needs and Disability Regulations 2014 says the local "
           "authority must do what it agreed in mediation about an appealable matter within the time it would "
           "have if the Tribunal had ordered it (regulation 44).",
    "T11": "Regulation 42(3) of the Special Educational Needs and Disability Regulations 2014 says an action "
           "agreed in mediation that could not be appealed must be done within two weeks of the agreement.",
    "T12": "Regulation 42(4) of the Special Educational Needs and Disability Regulations 2014 says the health "
           "body must tell the local authority of the agreement within one week when the authority was not a party.",
    "T13": "Regulation 42(5) of the Special Educational Needs and Disability Regulations 2014: the parties "
           "agreed this timescale in writing, and it replaces the usual one.",
}


def legal_basis(rule: str, case: Case | None = None) -> str:
    if rule == "AGREED":
        where = "disagreement resolution" if case is not None and case.kind == "dr" else "mediation"
        return (f"This date was agreed at {where}. The law sets no time limit for it: it is what the parties "
                "agreed.")
    return LEGAL_BASIS[rule.split(".")[0]]


# Where a family takes a complaint about an action that was not done, by who had to do it (legal review L9). The
# NHS route is the NHS complaints procedure, then the Parliamentary and Health Service Ombudsman [U: wording to
# confirm with the provider's solicitor].
COMPLAINT_ROUTES = {
    Responsible.LA: "they may complain to the local authority, then to the Local Government and Social Care "
                    "Ombudsman, or seek a judicial review",
    Responsible.SOCIAL_CARE: "they may complain to the local authority, then to the Local Government and Social "
                             "Care Ombudsman, or seek a judicial review",
    Responsible.ICB: "they may complain to the ICB through the NHS complaints procedure, then to the "
                     "Parliamentary and Health Service Ombudsman",
}


def complaint_route(duty: CaseDeadline) -> str:
    """The family's route if the action is not done; none for a date with no statutory duty behind it."""
    if duty.rule == "AGREED":
        return ""
    responsible = duty.plan_action.responsible if duty.plan_action_id else Responsible.ICB
    return COMPLAINT_ROUTES.get(responsible, "")


def _step(due: date, today: date, calendar) -> str | None:
    if today <= due:
        return "reminder" if today >= calendar.working_days_before(due, REMINDER_WORKING_DAYS) else None
    if today >= calendar.working_days_after(due, SECOND_ESCALATION_WORKING_DAYS):
        return "escalation_2"
    return "escalation_1"


def _body_address(case: Case, duty: CaseDeadline) -> str:
    responsible = duty.plan_action.responsible if duty.plan_action_id else Responsible.ICB
    if responsible == Responsible.LA:
        return case.local_authority.contact_email
    if responsible == Responsible.FAMILY:
        family = case.participants.filter(role="rights_holder").first()
        return family.email if family else ""
    kind = {Responsible.ICB: OrganisationKind.ICB, Responsible.SCHOOL: OrganisationKind.SCHOOL,
            Responsible.SOCIAL_CARE: OrganisationKind.SOCIAL_CARE}[responsible]
    party = case.parties.select_related("organisation").filter(organisation__kind=kind).first()
    return party.organisation.contact_email if party else ""



def duties_send_follow_up(*, today: date | None = None) -> int:
    """Sends every reminder and escalation due today; returns how many were sent. A fixed number of queries
    to find them."""
    today = today or timezone.localdate()
    calendar = service_calendar()
    horizon = calendar.working_days_after(today, REMINDER_WORKING_DAYS)
    duties = list(CaseDeadline.objects.filter(_DUTY_RULES, in_queue=True, due__lte=horizon)
                  .select_related("case", "case__local_authority", "plan_action"))
    sent = set(FollowUpNotice.objects.filter(case_id__in={d.case_id for d in duties})
               .values_list("case_id", "action_key", "rule", "step", "due"))
    count = 0
    for duty in duties:
        step = _step(duty.due, today, calendar)
        key = (duty.case_id, duty.plan_action_id or 0, duty.rule, step, duty.due)
        if step is None or key in sent:
            continue
        with transaction.atomic():
            _, created = FollowUpNotice.objects.get_or_create(case_id=duty.case_id, action_key=key[1],
                                                              rule=duty.rule, step=step, due=duty.due)
            if created:
                _notify(duty, step)
                count += 1
    return count


def _notify(duty: CaseDeadline, step: str) -> None:
    case = duty.case
    where = "disagreement resolution" if case.kind == "dr" else "mediation"
    context = {"case": case, "duty": duty, "basis": legal_basis(duty.rule, case), "step": step, "where": where,
               "complaint_route": complaint_route(duty)}
    body_address = _body_address(case, duty)
    if step == "reminder":
        email_from_template(
            body_address,
            f"Due {duty.due:%-d %B %Y}: an action agreed at {where} ({case.reference})",
            "duty_reminder",
            context,
        )
        return
    # A statutory duty goes to the LA as well as the body; a date agreed with no duty behind it to the body alone.
    escalate_to = (case.local_authority.contact_email, body_address) if duty.rule != "AGREED" else (body_address,)
    for address in dict.fromkeys(a for a in escalate_to if a):
        email_from_template(
            address,
            f"Overdue: an action agreed at {where} ({case.reference})",
            "duty_escalation",
            context,
        )
    events.duty_event(case=case, actor=None, type_=AgreementEvent.DUTY_ESCALATED,
                      what=f"{duty.obligation[:120]} (due {duty.due:%-d %B %Y})",
                      reason=f"{'second' if step == 'escalation_2' else 'first'} escalation to "
                             f"{case.local_authority.name}")


def not_happened_reported(case: Case, duty: CaseDeadline, update: DutyUpdate) -> None:
    context = {"case": case, "duty": duty, "update": update, "basis": legal_basis(duty.rule, case),
               "where": "disagreement resolution" if case.kind == "dr" else "mediation"}
    for address in dict.fromkeys(a for a in (provider_address(), case.local_authority.contact_email,
                                             _body_address(case, duty)) if a):
        email_from_template(
            address,
            f"The family says an agreed action has not happened ({case.reference})",
            "duty_not_happened",
            context,
        )

