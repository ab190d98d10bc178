"""What a person (or a script) can type never makes a server error: each bad value is a GOV.UK error on its field,
and nothing changes."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import Case
from tests.factories import mediation_case, organisation, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


def _to_sent_page(client):
    client.post("/request/who/", {"rights_holder": "parent"})
    client.post("/request/about/", {"about": "decision"})
    client.post("/request/decision/", {"decision_type": "refusal_to_assess"})


@pytest.mark.parametrize("part", [0, 1, 2])
def test_a_huge_number_in_a_date_on_the_request_is_an_error_on_the_field(client, part):
    _to_sent_page(client)
    values = ["3", "4", "2026"]
    values[part] = HUGE
    response = client.post("/request/sent/", {f"sent_on_{i}": v for i, v in enumerate(values)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a real date, for example 27 3 2026" in page and "govuk-error-summary" in page
    assert HUGE in page  # what was typed is shown back, to correct
    assert "sent_on" not in client.session["family_request"]


def test_a_decision_before_the_law_began_is_refused_in_words_a_family_understands(client):
    _to_sent_page(client)
    response = client.post("/request/sent/", {"sent_on_0": 3, "sent_on_1": 4, "sent_on_2": 1985})
    page = response.content.decode()
    assert "on or after 1 September 2014, when the law on SEND mediation began" in page
    assert "sent_on" not in client.session["family_request"]
    ok = client.post("/request/sent/", {"sent_on_0": 3, "sent_on_1": 4, "sent_on_2": 2026})
    assert ok.status_code == 302 and client.session["family_request"]["sent_on"] == "2026-04-03"


@pytest.mark.parametrize("field, value", [("date_of_birth_0", HUGE), ("date_of_birth_2", HUGE),
                                          ("date_of_birth_2", "1066")])
def test_the_certificate_check_refuses_impossible_dates(client, field, value):
    data = {"number": "MC-AAAA-AAAA", "date_of_birth_0": 1, "date_of_birth_1": 1, "date_of_birth_2": 2015,
            field: value}
    response = client.post("/verify/", data)
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()
    assert "Not valid" not in response.content.decode()  # no lookup was made with a bad date


@pytest.mark.parametrize("query, message", [
    (f"after={HUGE}", "There is no such page"),
    ("after=2026-02-30.1", "There is no such page"),
    ("before=two", "There is no such page"),
    ("before=" + "9" * 500, "There is no such page"),
    (f"local_authority={HUGE}", "Choose a local authority from the list"),
    ("local_authority=abc", "Choose a local authority from the list"),
    ("kind=spaceship", "Choose a kind from the list"),
    ("state=nowhere", "Choose a stage from the list"),
    ("rule=" + "T" * 500, "Enter a rule like T4a or T12"),
])
def test_bad_work_queue_filters_are_errors_and_the_queue_is_still_shown(client, query, message):
    officer = person(Role.CASE_OFFICER, totp=True)
    case = mediation_case(acting_user=officer)
    response = signed_in_with_mfa(client, officer).get(f"/cases/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "govuk-error-summary" in page
    assert case.reference in page  # the queue without the bad filter


def test_an_la_officer_cannot_filter_by_another_la(client):
    mine, theirs = organisation(OrganisationKind.LOCAL_AUTHORITY), organisation(OrganisationKind.LOCAL_AUTHORITY)
    officer = person(Role.LA_OFFICER, mine, totp=True)
    response = signed_in_with_mfa(client, officer).get(f"/cases/?local_authority={theirs.pk}")
    assert response.status_code == 400 and "Choose a local authority from the list" in response.content.decode()
    assert signed_in_with_mfa(client, officer).get(f"/cases/?local_authority={mine.pk}").status_code == 200


def test_a_staff_form_refuses_an_impossible_date_and_keeps_the_rest(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    today = timezone.localdate()
    born = date(2016, 5, 4)
    response = signed_in_with_mfa(client, officer).post("/cases/new/", {
        "kind": "mediation", "local_authority": la.pk, "child_name": "Sam Collins",
        "child_date_of_birth_0": born.day, "child_date_of_birth_1": born.month, "child_date_of_birth_2": born.year,
        "rights_holder": "parent", "family_name": "Sarah Collins", "family_email": "sarah@example.test",
        "contacted_on_0": today.day, "contacted_on_1": today.month, "contacted_on_2": today.year,
        "contact_method": "phone", "decision_type": "refusal_to_assess",
        "letter_dated_0": HUGE, "letter_dated_1": 1, "letter_dated_2": 2026, "sections": ["B"],
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a real date" in page and 'value="Sam Collins"' in page
    assert not Case.objects.exists()
