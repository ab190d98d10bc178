"""Following up each agreed action: done with evidence, a new date the family agrees, the family saying it
has not happened, reminders before the date and one escalation e-mail per step after it (frozen clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sendresolve.agreements import followup, plans
from sendresolve.agreements.events import AgreementEvent
from sendresolve.agreements.reminders import duties_send_follow_up
from sendresolve.cases.models import CaseEvent
from sendresolve.cases.selectors import overdue_count, work_queue_first
from sendresolve.cases.visibility import QueueFilters
from sendresolve.clock import default_calendar
from sendresolve.notifications.models import OutboundEmail
from tests.agreements.test_plans import EP_ACTION, F_ACTION, agree_all, draft
from tests.factories import person

pytestmark = pytest.mark.django_db
CALENDAR = default_calendar()


@pytest.fixture
def agreed(held):
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    return held


def duty(case, rule):
    return case.deadlines.select_related("plan_action").get(rule=rule, plan_action__isnull=False)


def test_the_responsible_body_marks_an_action_done_with_evidence(agreed):
    case, ep = agreed.case, duty(agreed.case, "T11")
    with pytest.raises(PermissionDenied):
        followup.duty_mark_done(acting_user=agreed.parent, case=case, action_id=ep.plan_action_id, rule="T11",
                                note="Done")
    with pytest.raises(ValidationError, match="Say what was done"):
        followup.duty_mark_done(acting_user=agreed.la_officer, case=case, action_id=ep.plan_action_id, rule="T11",
                                note=" ")
    report = SimpleUploadedFile("ep-report.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    followup.duty_mark_done(acting_user=agreed.la_officer, case=case, action_id=ep.plan_action_id, rule="T11",
                            note="Dr Shah visited on Tuesday; report attached", evidence=report)
    ep = duty(case, "T11")
    assert ep.met_on == timezone.localdate() and not ep.in_queue
    assert ep.plan_action.updates.get().evidence_type == "application/pdf"
    assert CaseEvent.objects.filter(case=case, type=AgreementEvent.DUTY_DONE).exists()


def test_a_new_date_counts_only_when_the_family_agrees_it(agreed):
    case, f = agreed.case, duty(agreed.case, "T10.amend_plan")
    legal = f.due
    later = legal + timedelta(days=14)
    followup.duty_ask_new_date(acting_user=agreed.la_officer, case=case, action_id=f.plan_action_id,
                               rule=f.rule, new_due=later, reason="The therapist's report is late")
    assert duty(case, f.rule).due == legal
    with pytest.raises(PermissionDenied):
        followup.duty_answer_new_date(acting_user=agreed.la_officer, case=case, action_id=f.plan_action_id,
                                      rule=f.rule, agree=True)
    followup.duty_answer_new_date(acting_user=agreed.parent, case=case, action_id=f.plan_action_id, rule=f.rule,
                                  agree=True)
    moved = duty(case, f.rule)
    assert moved.due == later and "the legal date was" in moved.note


def test_the_family_says_an_action_has_not_happened_and_the_service_and_la_are_told(agreed):
    case, ep = agreed.case, duty(agreed.case, "T11")
    with pytest.raises(PermissionDenied):
        followup.duty_report_not_happened(acting_user=person("family_member"), case=case,
                                          action_id=ep.plan_action_id, rule="T11", note="x")
    followup.duty_report_not_happened(acting_user=agreed.parent, case=case, action_id=ep.plan_action_id,
                                      rule="T11", note="Nobody has been in touch about the visit")
    told = OutboundEmail.objects.filter(subject__startswith="The family says")
    assert "sen.contact@northshire.example.test" in set(told.values_list("to", flat=True))
    assert "Nobody has been in touch" in told.first().body_text


def test_an_undone_action_is_reminded_then_overdue_in_the_queues_and_escalated_once_per_step(agreed):
    case, ep = agreed.case, duty(agreed.case, "T11")
    due = ep.due
    escalations = OutboundEmail.objects.filter(subject__startswith="Overdue", to="sen.contact@northshire.example.test")
    assert duties_send_follow_up(today=CALENDAR.working_days_before(due, 6)) == 0
    assert duties_send_follow_up(today=CALENDAR.working_days_before(due, 5)) == 1  # the reminder
    assert duties_send_follow_up(today=due) == 0
    reminder = OutboundEmail.objects.get(subject__startswith="Due ")
    assert "regulation 42(3)" in reminder.body_text.lower()
    assert not escalations.exists()
    day_after = due + timedelta(days=1)
    assert duties_send_follow_up(today=day_after) == 1
    assert duties_send_follow_up(today=day_after) == 0
    assert duties_send_follow_up(today=day_after + timedelta(days=1)) == 0
    assert escalations.count() == 1
    assert "two weeks of the agreement" in escalations.get().body_text
    # Overdue the day after in the provider's and the LA's queues.
    for user in (agreed.officer, agreed.la_officer):
        queue = work_queue_first(user, QueueFilters(rule="T11"), 10)
        assert [(line.case.reference, line.due < day_after) for line in queue] == [(case.reference, True)]
        assert overdue_count(user, today=day_after) >= 1
    second = CALENDAR.working_days_after(due, 10)
    duties_send_follow_up(today=second)  # also reminds of the Section F action, due soon after
    assert escalations.count() == 2 and "second time" in escalations.last().body_text
    assert duties_send_follow_up(today=second) == 0
    assert CaseEvent.objects.filter(case=case, type=AgreementEvent.DUTY_ESCALATED).count() == 2


def test_done_actions_are_not_escalated(agreed):
    ep = duty(agreed.case, "T11")
    followup.duty_mark_done(acting_user=agreed.la_officer, case=agreed.case, action_id=ep.plan_action_id,
                            rule="T11", note="Visited")
    duties_send_follow_up(today=ep.due + timedelta(days=1))
    assert not OutboundEmail.objects.filter(subject__startswith="Overdue", body_text__contains="psychologist").exists()


def test_health_only_mediation_tracks_the_icbs_week_to_tell_the_la(db):
    from sendresolve.accounts.roles import OrganisationKind, Role
    from sendresolve.meetings import people
    from tests.agreements.conftest import hold_meeting
    from tests.factories import organisation
    from tests.meetings.conftest import make_ready

    icb = organisation(OrganisationKind.ICB, name="Northshire ICB")
    ready = make_ready(sections=("G",), other_parties=[icb])
    icb_user = person(Role.ICB_REPRESENTATIVE, icb)
    people.attendee_name(acting_user=icb_user, case=ready.case, attendee=icb_user, confirm_authority=True,
                         typed_name=icb_user.full_name)
    held = hold_meeting(ready)
    line = plans.ActionLine("Refer Sam to the community paediatrician", "icb", "non_appealable")
    plan = plans.plan_send(acting_user=held.mediator.user, revision=1, plan=plans.plan_save_draft(
        acting_user=held.mediator.user, case=held.case, revision=0, issues_discussed="Section G",
        issues_unresolved="", actions=[line]))
    for user in (held.parent, icb_user):
        plans.plan_agree(acting_user=user, plan=plan, confirmed=True, typed_name=user.full_name)
    t12 = held.case.deadlines.get(rule="T12")
    assert t12.due == timezone.localdate() + timedelta(weeks=1) and t12.in_queue
    followup.case_record_la_told(acting_user=icb_user, case=held.case, on=timezone.localdate())
    assert held.case.deadlines.get(rule="T12").met_on == timezone.localdate()


def test_f_action_is_the_las(agreed):
    assert duty(agreed.case, "T10.amend_plan").plan_action.description == F_ACTION.description
    assert duty(agreed.case, "T11").plan_action.description == EP_ACTION.description


def test_each_escalation_step_reaches_the_la_contact_over_smtp_exactly_once(agreed, smtp_sink):
    from sendresolve.notifications.delivery import outbox_deliver

    ep = duty(agreed.case, "T11")
    for today in (ep.due + timedelta(days=1), ep.due + timedelta(days=2), CALENDAR.working_days_after(ep.due, 10),
                  CALENDAR.working_days_after(ep.due, 11)):
        duties_send_follow_up(today=today)
        for message in OutboundEmail.objects.filter(status="pending"):
            outbox_deliver(message_id=message.pk)
    to_la = [m for m in smtp_sink.messages if m["To"] == "sen.contact@northshire.example.test"
             and m["Subject"].startswith("Overdue") and "psychologist" in m.get_payload(decode=True).decode()]
    assert len(to_la) == 2
    assert "regulation 42(3)" in to_la[0].get_payload(decode=True).decode().lower()


def test_a_new_date_still_waits_for_the_family_after_they_report_something_else(agreed):
    case, f = agreed.case, duty(agreed.case, "T10.amend_plan")
    later = f.due + timedelta(days=7)
    followup.duty_ask_new_date(acting_user=agreed.la_officer, case=case, action_id=f.plan_action_id, rule=f.rule,
                               new_due=later, reason="Report late")
    followup.duty_report_not_happened(acting_user=agreed.parent, case=case, action_id=f.plan_action_id,
                                      rule=f.rule, note="Nothing has been sent")
    assert followup.pending_new_date(f).new_due == later
    followup.duty_answer_new_date(acting_user=agreed.parent, case=case, action_id=f.plan_action_id, rule=f.rule,
                                  agree=False)
    assert followup.pending_new_date(f) is None and duty(case, f.rule).due == f.due


def test_the_two_assessment_limbs_are_alternatives_and_the_one_done_closes_the_other(held):
    """Legal review L15: after an agreed assessment the LA either decides no plan (10 weeks) or issues one (14)."""
    line = plans.ActionLine("Carry out an EHC needs assessment", "la", "assess")
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held, actions=(line,)), revision=1))
    final = duty(held.case, "T10.assess.final_plan")
    followup.duty_mark_done(acting_user=held.la_officer, case=held.case, action_id=final.plan_action_id,
                            rule=final.rule, note="Final plan issued")
    no_plan = duty(held.case, "T10.assess.no_plan")
    assert no_plan.met_on == timezone.localdate() and not no_plan.in_queue
    assert no_plan.note.startswith("Does not apply: the local authority issued the plan")
