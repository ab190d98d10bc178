"""Legal review L7 and L9: regulation 42 gives legal dates only to what the LA or a commissioning body agreed at
mediation. Disagreement resolution, and actions by a school or the family, are tracked to the dates agreed, with no
statutory citation; DR gives no certificate deadline; escalations name the complaint route of the body concerned."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.agreements import plans
from sendresolve.agreements.documents import plan_pdf
from sendresolve.agreements.reminders import duties_send_follow_up
from sendresolve.cases import services
from sendresolve.cases.models import Case, Participant
from sendresolve.cases.states import State
from sendresolve.clock import default_calendar
from sendresolve.mediators.models import Allocation
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.agreements.test_plans import agree_all, draft
from tests.factories import mediator, organisation, person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SCHOOL_ACTION = plans.ActionLine("The school sets up a quiet space for Ava at lunchtime", "school", "non_appealable")


def _dr_case_met():
    """Set-up: a disagreement resolution with a school whose meeting was held today, with its mediator."""
    officer = person(Role.CASE_OFFICER)
    case = services.case_create(
        acting_user=officer, kind="dr", local_authority=organisation(OrganisationKind.LOCAL_AUTHORITY),
        child_name="Ava Patel", child_date_of_birth=TODAY.replace(year=TODAY.year - 10), rights_holder="parent",
        contacted_on=TODAY, contact_method="phone", family_name="Priya Patel", family_email="priya@example.test",
        issues=[services.IssueDetails(other_party="school", description="No support at lunchtime")])
    profile = mediator(name="Grace Lin")
    Allocation.objects.create(case=case, mediator=profile, allocated_by=officer, declared_independent_at=timezone.now())
    Participant.objects.create(case=case, user=profile.user, role=Participant.Role.MEDIATOR, name="Grace Lin",
                               email=profile.user.email)
    parent = person(Role.FAMILY_MEMBER)
    Participant.objects.filter(case=case, role="rights_holder").update(user=parent, email=parent.email)
    Case.objects.filter(pk=case.pk).update(state=State.MEETING_HELD, mediation_held=TODAY)
    case.refresh_from_db()
    return officer, profile, parent, case


def _agreed_dr(weeks: int | None):
    officer, profile, parent, case = _dr_case_met()
    action = plans.ActionLine(SCHOOL_ACTION.description, "school", "non_appealable", weeks)
    plan = plans.plan_save_draft(acting_user=profile.user, case=case, revision=0, issues_discussed="Lunchtimes",
                                 issues_unresolved="", actions=[action])
    plan = plans.plan_send(acting_user=profile.user, plan=plan, revision=plan.revision)
    plans.plan_agree(acting_user=parent, plan=plan, confirmed=True, typed_name="Priya Patel")
    plan.refresh_from_db()
    return officer, Case.objects.get(pk=case.pk), plan


def test_a_dr_action_needs_its_agreed_date_and_is_tracked_to_it_with_no_citation():
    officer, profile, parent, case = _dr_case_met()
    with pytest.raises(ValidationError, match="the law sets no time limit for it at disagreement resolution"):
        plans.plan_save_draft(acting_user=profile.user, case=case, revision=0, issues_discussed="Lunchtimes",
                              issues_unresolved="", actions=[SCHOOL_ACTION])
    _, case, plan = _agreed_dr(3)
    [duty] = case.deadlines.filter(plan_action__isnull=False)
    assert (duty.rule, duty.due, duty.citation) == ("AGREED", TODAY + timedelta(weeks=3), "")
    assert duty.obligation.startswith("Agreed at disagreement resolution: The school sets up")
    assert not case.deadlines.filter(rule__in=["T10", "T11", "T12", "T13"]).exists()
    text = subprocess.run(["pdftotext", "-", "-"], input=plan_pdf(plan), capture_output=True,
                          check=True).stdout.decode()
    assert "agreed at disagreement resolution" in text and "regulation 42" not in text.lower()


def test_dr_concluded_starts_no_certificate_deadline():
    officer, _, _, case = _dr_case_met()
    case = services.case_conclude(acting_user=officer, case=case, concluded_on=TODAY)
    assert not case.deadlines.filter(rule="T7").exists()


def test_at_mediation_the_la_s_action_has_its_legal_date_and_the_school_s_its_agreed_one(held):
    school = plans.ActionLine(SCHOOL_ACTION.description, "school", "non_appealable", 4)
    la = plans.ActionLine("An educational psychologist visits Sam", "la", "non_appealable")
    plan = draft(held, actions=(school, la))
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=plan, revision=plan.revision))
    rules = dict(held.case.deadlines.filter(plan_action__isnull=False).values_list("plan_action__description", "rule"))
    assert rules == {school.description: "AGREED", la.description: "T11"}


def _escalations(case, rule_kind):
    due = case.deadlines.get(rule=rule_kind, plan_action__isnull=False).due
    mail.outbox.clear()
    duties_send_follow_up(today=default_calendar().working_days_after(due, 1))
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    return [m for m in mail.outbox if m.subject.startswith("Overdue")]


def test_an_overdue_dr_action_goes_to_the_body_alone_with_no_statutory_complaint_route():
    _, case, _ = _agreed_dr(2)
    school = organisation(OrganisationKind.SCHOOL)
    school.contact_email = "senco@school.example.test"
    school.save()
    case.parties.create(organisation=school)
    Case.objects.filter(pk=case.pk).update(state=State.CONCLUDED)
    case.local_authority.contact_email = "sen@la.example.test"
    case.local_authority.save()
    sent = _escalations(case, "AGREED")
    assert [m.to for m in sent] == [["senco@school.example.test"]]
    assert "agreed at disagreement resolution" in sent[0].subject and "Ombudsman" not in sent[0].body


def test_an_overdue_icb_action_names_the_nhs_complaint_route(held):
    icb = organisation(OrganisationKind.ICB)
    icb.contact_email = "send@icb.example.test"
    icb.save()
    held.case.parties.create(organisation=icb)
    plan = draft(held, actions=(plans.ActionLine("Refer Sam to speech and language therapy", "icb",
                                                 "non_appealable"),))
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=plan, revision=plan.revision))
    sent = _escalations(held.case, "T11")
    assert sent and all("Parliamentary and Health Service Ombudsman" in m.body for m in sent)
    assert all("Local Government and Social Care Ombudsman" not in m.body for m in sent)
