"""Legal review L6: the mediation agreement is made in the meeting, and every regulation 42 date runs from that day,
however late a party clicks; nothing is sent or agreed, and no duty starts, before the meeting."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from sendresolve.agreements import plans
from sendresolve.agreements.models import ActionPlan, PlanAgreement
from sendresolve.agreements.receipts import receipts_remind
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.cases.models import Case
from sendresolve.clock import default_calendar
from sendresolve.meetings import booking
from sendresolve.meetings.models import Meeting
from sendresolve.meetings.scheduling import LONDON
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.agreements.test_plans import EP_ACTION, F_ACTION, draft
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _met_days_ago(held, days: int):
    """Set-up: the meeting was held `days` ago."""
    Case.objects.filter(pk=held.case.pk).update(mediation_held=TODAY - timedelta(days=days))
    held.case.refresh_from_db()
    return held


def _sent(held):
    plan = draft(held, actions=(EP_ACTION, F_ACTION))
    return plans.plan_send(acting_user=held.mediator.user, plan=plan, revision=plan.revision)


def test_the_agreement_recorded_in_the_meeting_dates_every_duty_from_the_meeting(held):
    held = _met_days_ago(held, 10)
    plan = _sent(held)
    meeting_day = held.case.mediation_held
    parties = {p.pk for p in plans.plan_parties(held.case)}
    plans.plan_record_session_agreement(acting_user=held.mediator.user, plan=plan, revision=plan.revision,
                                        agreed_on=meeting_day, confirmed=parties)
    case = Case.objects.get(pk=held.case.pk)
    assert case.agreement_date == meeting_day
    t11 = case.deadlines.get(rule="T11")
    assert t11.due == meeting_day + timedelta(weeks=2)  # the LA never clicked, and the clock runs anyway
    assert set(PlanAgreement.objects.filter(plan=plan).values_list("method", flat=True)) == {"in_session"}
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.AGREED and plan.agreed_on == meeting_day
    plans.plan_confirm_receipt(acting_user=held.decision_maker, plan=plan)  # days later: a receipt only
    assert Case.objects.get(pk=case.pk).deadlines.get(rule="T11").due == t11.due


def test_every_party_must_have_confirmed_in_the_meeting(held):
    held = _met_days_ago(held, 1)
    plan = _sent(held)
    with pytest.raises(ValidationError, match="has not"):
        plans.plan_record_session_agreement(acting_user=held.mediator.user, plan=plan, revision=plan.revision,
                                            agreed_on=held.case.mediation_held, confirmed=set())
    with pytest.raises(ValidationError, match="a date from"):
        plans.plan_record_session_agreement(
            acting_user=held.mediator.user, plan=plan, revision=plan.revision,
            agreed_on=held.case.mediation_held - timedelta(days=1),
            confirmed={p.pk for p in plans.plan_parties(held.case)})
    assert Case.objects.get(pk=held.case.pk).agreement_date is None


def test_with_agreement_by_the_last_click_the_meeting_cannot_be_recorded_as_the_agreement(held, settings):
    settings.AGREEMENT_DATE_RULE = "last_confirmation"
    plan = _sent(held)
    with pytest.raises(ValidationError, match="online, not in the meeting"):
        plans.plan_record_session_agreement(acting_user=held.mediator.user, plan=plan, revision=plan.revision,
                                            agreed_on=TODAY, confirmed={p.pk for p in plans.plan_parties(held.case)})


def test_nothing_is_sent_or_agreed_before_the_meeting():
    ready = make_ready()
    earliest, _ = case_meeting_window(ready.case, told_on=TODAY)
    booking.meeting_book(acting_user=ready.officer, case=ready.case, place=booking.MeetingPlace(),
                         start=datetime.combine(earliest, time(10), tzinfo=LONDON))
    ready.case.refresh_from_db()
    plan = plans.plan_save_draft(acting_user=ready.mediator.user, case=ready.case, revision=0,
                                 issues_discussed="Section F", issues_unresolved="", actions=[F_ACTION])
    with pytest.raises(ValidationError, match="Record that the meeting was held before sending the plan"):
        plans.plan_send(acting_user=ready.mediator.user, plan=plan, revision=plan.revision)
    with pytest.raises(ValidationError, match="record that it was held once it has started"):
        booking.meeting_record_held(acting_user=ready.mediator.user, case=ready.case, held_on=TODAY)
    assert not ready.case.deadlines.filter(rule__startswith="T1", plan_action__isnull=False).exists()


def test_a_meeting_that_has_started_can_be_recorded_as_held():
    ready = make_ready()
    earliest, _ = case_meeting_window(ready.case, told_on=TODAY)
    meeting = booking.meeting_book(acting_user=ready.officer, case=ready.case, place=booking.MeetingPlace(),
                                   start=datetime.combine(earliest, time(10), tzinfo=LONDON))
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - timedelta(minutes=30),
                                                 end=timezone.now() + timedelta(hours=2))
    held = booking.meeting_record_held(acting_user=ready.mediator.user, case=ready.case, held_on=TODAY)
    assert held.status == Meeting.Status.HELD


def test_a_party_who_agreed_in_the_meeting_is_reminded_once_to_confirm_receipt(held):
    held = _met_days_ago(held, 12)
    plan = _sent(held)
    plans.plan_record_session_agreement(acting_user=held.mediator.user, plan=plan, revision=plan.revision,
                                        agreed_on=held.case.mediation_held,
                                        confirmed={p.pk for p in plans.plan_parties(held.case)})
    plans.plan_confirm_receipt(acting_user=held.parent, plan=plan)
    due = default_calendar().working_days_after(held.case.mediation_held, 5)
    assert receipts_remind(today=due) == 0
    mail.outbox.clear()
    assert receipts_remind(today=TODAY) == 1  # the decision-maker only: the parent confirmed
    assert receipts_remind(today=TODAY) == 0
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    [reminder] = [m for m in mail.outbox if "Please confirm you have the agreed Action Plan" in m.subject]
    assert reminder.to == [held.decision_maker.email]
