"""Issue 11: a form on the case page that is refused comes back with the GOV.UK error summary, linked to its
field, and keeps what was chosen; nothing changes."""

from __future__ import annotations

import re

import pytest

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import CaseParty
from tests.factories import mediation_case, organisation, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


def test_adding_a_body_refused_shows_the_summary_linked_to_the_field_and_keeps_the_choice(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    case = mediation_case(acting_user=officer)
    school = organisation(OrganisationKind.SCHOOL, name="Hillside Primary")
    signed_in_with_mfa(client, officer)
    url = f"/cases/{case.reference}/parties/add/"

    empty = client.post(url, {"organisation": ""})
    page = empty.content.decode()
    assert empty.status_code == 400 and "<title>Error: " in page
    assert 'href="#id_add_party_organisation">Choose the body to add</a>' in page
    assert re.search(r'<details class="govuk-details" open>\s*<summary[^>]*><span[^>]*>Add an ICB', page)

    assert client.post(url, {"organisation": school.pk}).status_code == 302  # positive control: it is added
    again = client.post(url, {"organisation": school.pk})
    page = again.content.decode()
    assert again.status_code == 400 and "already taking part" in page
    assert re.search(rf'<option value="{school.pk}" selected>Hillside Primary</option>', page)
    assert CaseParty.objects.filter(case=case, organisation=school).count() == 1


def test_who_takes_part_keeps_what_was_typed_when_a_form_is_refused(client):
    from sendresolve.cases.models import Participant
    from tests.factories import give_totp
    from tests.meetings.conftest import make_ready

    ready = make_ready()
    signed_in_with_mfa(client, give_totp(ready.officer))
    url = f"/cases/{ready.case.reference}/people/"
    refused = client.post(url + "add/", {"add-role": "school", "add-name": "", "add-email": "head@school.example",
                                         "add-phone": "01632 960001"})
    page = refused.content.decode()
    assert refused.status_code == 400 and "<title>Error: Who takes part" in page
    assert re.search(r'<a href="#id_add-name">Enter their name</a>', page)
    assert 'value="head@school.example"' in page and 'value="01632 960001"' in page
    added = client.post(url + "add/", {"add-role": "school", "add-name": "Ms Head", "add-email": "head@school.example"})
    assert added.status_code == 302  # positive control
    assert Participant.objects.filter(case=ready.case, name="Ms Head").exists()


def test_a_refused_decision_on_an_objection_keeps_the_reason_typed(client):
    from sendresolve.mediators import services as mediator_services
    from sendresolve.mediators.models import Objection
    from tests.factories import give_totp
    from tests.meetings.conftest import make_ready

    ready = make_ready()
    objection = mediator_services.objection_raise(acting_user=ready.parent, allocation=ready.case.allocations.get(),
                                                  reason="We have met Tom before.")
    signed_in_with_mfa(client, give_totp(ready.officer))
    url = f"/cases/{ready.case.reference}/mediator/objections/{objection.pk}/"
    prefix = f"objection-{objection.pk}"
    refused = client.post(url, {f"{prefix}-reason": "The family met him at a school event"})
    page = refused.content.decode()
    assert refused.status_code == 400 and "<title>Error: Mediator" in page
    assert f'href="#id_{prefix}-upheld' in page
    assert "The family met him at a school event</textarea>" in page
    assert Objection.objects.get(pk=objection.pk).decided_at is None
    decided = client.post(url, {f"{prefix}-upheld": "yes", f"{prefix}-reason": "The family knows him"})
    assert decided.status_code == 302  # positive control
