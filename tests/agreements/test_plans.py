"""The Action Plan: drafted by the mediator, never silently overwritten, agreed by each party on their own
account, then locked, tracked to its legal dates and sent to everyone as PDF and Word."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.agreements import plans
from sendresolve.agreements.events import AgreementEvent
from sendresolve.agreements.models import ActionPlan
from sendresolve.cases.models import CaseEvent
from sendresolve.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

F_ACTION = plans.ActionLine("Amend Section F to add 2 hours a week of speech and language therapy", "la",
                            "amend_plan")
EP_ACTION = plans.ActionLine("An educational psychologist visits Sam at school", "la", "non_appealable")


def draft(held, actions=(F_ACTION, EP_ACTION), revision=0):
    return plans.plan_save_draft(acting_user=held.mediator.user, case=held.case, revision=revision,
                                 issues_discussed="Speech and language provision in Section F",
                                 issues_unresolved="The school named in Section I", actions=list(actions))


def agree_all(held, plan):
    for user in (held.parent, held.decision_maker):
        plans.plan_agree(acting_user=user, plan=plan, confirmed=True, typed_name=user.full_name)
    plan.refresh_from_db()
    return plan


def test_only_the_mediator_drafts_and_a_stale_save_is_refused_with_nothing_lost(held):
    with pytest.raises(PermissionDenied):
        plans.plan_save_draft(acting_user=held.officer, case=held.case, revision=0, issues_discussed="x",
                              issues_unresolved="", actions=[])
    plan = draft(held)
    assert plan.revision == 1 and plan.actions.count() == 2
    first_tab, second_tab = plan.revision, plan.revision  # two editors opened revision 1
    plan = draft(held, actions=[F_ACTION], revision=first_tab)
    with pytest.raises(plans.PlanConflict, match="saved this plan") as conflict:
        draft(held, actions=[EP_ACTION, F_ACTION, EP_ACTION], revision=second_tab)
    assert conflict.value.plan.revision == 2
    assert list(conflict.value.plan.actions.values_list("description", flat=True)) == [F_ACTION.description]
    plan.refresh_from_db()
    assert plan.revision == 2 and plan.actions.count() == 1


def test_a_bad_action_line_is_refused_and_changes_nothing(held):
    plan = draft(held)
    for line, problem in ((plans.ActionLine(" ", "la", "non_appealable"), "say what will be done"),
                          (plans.ActionLine("Assess", "school", "assess"), "only the local authority"),
                          (plans.ActionLine("Visit", "la", "non_appealable", 0), "between 1 and 104 weeks"),
                          (plans.ActionLine("Visit", "nobody", "non_appealable"), "who is responsible")):
        with pytest.raises(ValidationError, match=problem):
            draft(held, actions=[line], revision=plan.revision)
    plan.refresh_from_db()
    assert plan.revision == 1 and plan.actions.count() == 2


def test_each_party_agrees_then_the_plan_locks_its_duties_get_legal_dates_and_everyone_gets_the_documents(held):
    plan = plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1)
    with pytest.raises(PermissionDenied):
        plans.plan_agree(acting_user=held.la_officer, plan=plan, confirmed=True, typed_name="Not a party")
    with pytest.raises(ValidationError, match="Tick the box"):
        plans.plan_agree(acting_user=held.parent, plan=plan, confirmed=False, typed_name="Sarah")
    plans.plan_agree(acting_user=held.parent, plan=plan, confirmed=True, typed_name="Sarah Collins")
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SENT  # not an agreement until every party agrees
    held.case.refresh_from_db()
    assert held.case.agreement_date is None
    plans.plan_agree(acting_user=held.decision_maker, plan=plan, confirmed=True, typed_name="Fiona Clarke")
    plan.refresh_from_db()
    held.case.refresh_from_db()
    today = timezone.localdate()
    assert plan.status == ActionPlan.Status.AGREED and held.case.agreement_date == today
    duties = {d.rule: d for d in held.case.deadlines.filter(plan_action__isnull=False)}
    assert duties["T10.amend_plan"].due == today + timedelta(weeks=5)
    assert duties["T11"].due == today + timedelta(weeks=2)
    assert all(d.in_queue for d in duties.values())
    sent = OutboundEmail.objects.filter(subject__startswith="The agreed Action Plan")
    assert sorted(m.to for m in sent) == sorted([held.parent.email, held.decision_maker.email,
                                                 held.mediator.user.email])
    assert sent[0].attachments == [{"resolver": "plan_pdf", "ref": str(plan.pk)},
                                   {"resolver": "plan_docx", "ref": str(plan.pk)}]  # the stored documents
    assert CaseEvent.objects.filter(case=held.case, type=AgreementEvent.PLAN_AGREED).count() == 1


def test_a_change_after_agreement_is_a_new_version_that_needs_agreeing_again(held):
    plan = agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    second = draft(held, actions=[F_ACTION], revision=plan.revision)
    assert second.version == 2 and second.status == ActionPlan.Status.DRAFT
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.AGREED  # the agreement stands until the new version is agreed
    second = agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=second, revision=second.revision))
    plan.refresh_from_db()
    assert (plan.status, second.status) == (ActionPlan.Status.SUPERSEDED, ActionPlan.Status.AGREED)
    assert set(held.case.deadlines.filter(plan_action__isnull=False).values_list("rule", flat=True)) == {
        "T10.amend_plan"}


def test_an_agreed_timescale_in_writing_replaces_the_legal_period(held):
    line = plans.ActionLine("Amend Section F", "la", "amend_plan", agreed_weeks=8)
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held, actions=[line]), revision=1))
    [duty] = held.case.deadlines.filter(plan_action__isnull=False)
    assert duty.rule == "T13" and duty.due == timezone.localdate() + timedelta(weeks=8)
