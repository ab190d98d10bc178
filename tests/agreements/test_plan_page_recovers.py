"""Issue 11: after an edit conflict "save again" saves, and a refused "Save and send" changes nothing, so the
next try is not a conflict with yourself."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sendresolve.agreements.models import ActionPlan
from tests.factories import signed_in_with_mfa

pytestmark = pytest.mark.django_db


def _form(page: str, *, description: str, issues: str = "Section F", button: str = "save") -> dict:
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    return {"revision": revision, "issues_discussed": issues, "issues_unresolved": "",
            "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0", "actions-MIN_NUM_FORMS": "0",
            "actions-MAX_NUM_FORMS": "30", "actions-0-description": description, "actions-0-responsible": "la",
            "actions-0-kind": "non_appealable", "actions-0-agreed_weeks": "", button: "1"}


def test_after_a_conflict_saving_again_from_the_page_saves(held):
    first, second = (signed_in_with_mfa(Client(), held.mediator.user) for _ in range(2))
    url = f"/cases/{held.case.reference}/plan/"
    first_page, second_page = first.get(url).content.decode(), second.get(url).content.decode()
    assert first.post(url, _form(first_page, description="An educational psychologist visits Sam")).status_code == 302
    refused = second.post(url, _form(second_page, description="A speech therapist observes Sam in class"))
    assert refused.status_code == 409  # positive control: the conflict is still caught
    again = second.post(url, _form(refused.content.decode(), description="A speech therapist observes Sam in class"))
    assert again.status_code == 302
    plan = ActionPlan.objects.get(case=held.case)
    assert list(plan.actions.values_list("description", flat=True)) == ["A speech therapist observes Sam in class"]


def test_a_refused_save_and_send_saves_nothing_and_the_next_try_works(held):
    client = signed_in_with_mfa(Client(), held.mediator.user)
    url = f"/cases/{held.case.reference}/plan/"
    refused = client.post(url, _form(client.get(url).content.decode(), description="An EP visits Sam", issues="",
                                     button="send"))
    assert refused.status_code == 400 and "Say which issues were discussed" in refused.content.decode()
    assert not ActionPlan.objects.filter(case=held.case).exists()
    assert "An EP visits Sam" in refused.content.decode()  # nothing typed is lost
    sent = client.post(url, _form(refused.content.decode(), description="An EP visits Sam", button="send"))
    assert sent.status_code == 302
    assert ActionPlan.objects.get(case=held.case).status == ActionPlan.Status.SENT
