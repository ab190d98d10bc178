"""The Action Plan pages: two people editing one draft, each party agreeing on its own page, downloads for
those who may see the case, the duties page for each role."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sendresolve.agreements import plans
from sendresolve.agreements.models import ActionPlan
from tests.agreements.test_plans import agree_all, draft
from tests.factories import person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


def _post_plan(client, case, revision, description):
    return client.post(f"/cases/{case.reference}/plan/", {
        "revision": revision, "issues_discussed": "Section F", "issues_unresolved": "",
        "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0", "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "30", "actions-0-description": description, "actions-0-responsible": "la",
        "actions-0-kind": "non_appealable", "actions-0-agreed_weeks": "", "save": "1"})


def test_two_sessions_edit_one_draft_and_the_second_save_is_refused_with_nothing_lost(held):
    first, second = (signed_in_with_mfa(Client(), held.mediator.user) for _ in range(2))
    for session in (first, second):
        page = session.get(f"/cases/{held.case.reference}/plan/").content.decode()
        assert re.search(r'name="revision" value="0"', page)
    assert _post_plan(first, held.case, 0, "An educational psychologist visits Sam").status_code == 302
    refused = _post_plan(second, held.case, 0, "A speech therapist observes Sam in class")
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "saved this plan" in page and "your changes are still in the form" in page
    assert "A speech therapist observes Sam in class" in page  # what the second editor typed
    assert "An educational psychologist visits Sam" in page  # what the first one saved
    plan = ActionPlan.objects.get(case=held.case)
    assert list(plan.actions.values_list("description", flat=True)) == ["An educational psychologist visits Sam"]


def test_each_party_agrees_on_its_own_page_and_others_cannot(client, held):
    plan = plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1)
    url = f"/cases/{held.case.reference}/plan/agree/"
    for outsider in (held.officer, held.la_officer, held.mediator.user, person("family_member")):
        assert signed_in_with_mfa(client, outsider).get(url).status_code == 404
        client.logout()
    client = signed_in_with_mfa(client, held.parent)
    refused = client.post(url, {"typed_name": "Sarah Collins"})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    assert client.post(url, {"confirmed": "on", "typed_name": "Sarah Collins"}).status_code == 302
    assert "You have agreed this version" in client.get(url).content.decode()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SENT


def test_the_documents_are_for_those_who_can_see_the_case(client, held):
    plan = agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    for user in (held.parent, held.la_officer, held.officer):
        response = signed_in_with_mfa(client, user).get(f"/cases/{held.case.reference}/plan/v{plan.version}.pdf")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        client.logout()
    other_la_officer = person("la_officer")
    assert signed_in_with_mfa(client, other_la_officer).get(
        f"/cases/{held.case.reference}/plan/v{plan.version}.docx").status_code == 404


def test_a_draft_is_the_mediators_until_it_is_sent(client, held):
    draft(held)
    for user in (held.parent, held.officer):
        assert signed_in_with_mfa(client, user).get(f"/cases/{held.case.reference}/plan/v1.pdf").status_code == 404
        assert client.get(f"/cases/{held.case.reference}/plan/").status_code == 404
        client.logout()


def test_evidence_of_a_done_action_is_for_those_who_can_see_the_case(client, held):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sendresolve.agreements import followup
    from sendresolve.agreements.models import DutyUpdate

    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    duty = held.case.deadlines.get(rule="T11", plan_action__isnull=False)
    page = signed_in_with_mfa(client, held.la_officer).post(
        f"/cases/{held.case.reference}/duties/{duty.plan_action_id}/T11/",
        {"what": "done", f"done-{duty.plan_action_id}-T11-note": "The visit happened on Monday",
         f"done-{duty.plan_action_id}-T11-evidence": SimpleUploadedFile("report.pdf", b"%PDF-1.4 EP report")})
    assert page.status_code == 302
    update = DutyUpdate.objects.get(kind="done")
    client.logout()
    url = f"/cases/{held.case.reference}/duties/evidence/{update.pk}/"
    family = signed_in_with_mfa(client, held.parent).get(url)
    assert family.status_code == 200 and b"".join(family.streaming_content).startswith(b"%PDF")
    assert family["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert signed_in_with_mfa(client, person("la_officer")).get(url).status_code == 404
    client.logout()
    bad = signed_in_with_mfa(client, held.la_officer).post(
        f"/cases/{held.case.reference}/duties/{duty.plan_action_id}/T11/",
        {"what": "new_date", f"date-{duty.plan_action_id}-T11-reason": "Late"})
    assert bad.status_code == 400 and followup.pending_new_date(duty) is None  # refused: done, and no date given
    assert "There is a problem" in bad.content.decode()  # the errors summarised on the page, not a flash


def test_the_la_asks_for_a_new_date_and_the_family_agrees_it_on_the_duties_page(client, held):
    from datetime import timedelta

    from sendresolve.clock.output import long_date

    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    duty = held.case.deadlines.get(rule="T10.amend_plan")
    later = duty.due + timedelta(days=10)
    prefix = f"date-{duty.plan_action_id}-{duty.rule}"
    url = f"/cases/{held.case.reference}/duties/{duty.plan_action_id}/{duty.rule}/"
    signed_in_with_mfa(client, held.la_officer).post(url, {
        "what": "new_date", f"{prefix}-new_due_0": later.day, f"{prefix}-new_due_1": later.month,
        f"{prefix}-new_due_2": later.year, f"{prefix}-reason": "The speech therapist's report is late"})
    client.logout()
    page = signed_in_with_mfa(client, held.parent).get(f"/cases/{held.case.reference}/duties/").content.decode()
    assert f"asks to do this by {long_date(later)}" in page and "Agree the new date" in page
    client.post(url, {"what": "agree"})
    assert held.case.deadlines.get(rule="T10.amend_plan").due == later


def test_a_family_s_report_with_nothing_said_comes_back_with_the_error_linked_to_the_box(client, held):
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    duty = held.case.deadlines.filter(plan_action__isnull=False).order_by("due", "rule").first()
    prefix = f"report-{duty.plan_action_id}-{duty.rule}"
    url = f"/cases/{held.case.reference}/duties/{duty.plan_action_id}/{duty.rule}/"
    client = signed_in_with_mfa(client, held.parent)
    refused = client.post(url, {"what": "not_happened", f"{prefix}-note": ""})
    page = refused.content.decode()
    assert refused.status_code == 400 and "<title>Error: Agreed actions" in page
    assert f'href="#id_{prefix}-note">Tell us what has not happened</a>' in page
    assert '<details class="govuk-details" open>' in page
    assert client.post(url, {"what": "not_happened", f"{prefix}-note": "No visit yet"}).status_code == 302
