"""Staff forms refuse bad input with GOV.UK errors, keep what was typed, and change nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import Case
from tests.factories import PASSWORD, mediation_case, organisation, person, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)})
    client.officer = officer
    return client


def dates(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_a_future_decision_date_is_refused_and_what_was_typed_is_kept(officer_client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    today = timezone.localdate()
    future = today + timedelta(days=3)
    response = officer_client.post("/cases/new/", {
        "kind": "mediation", "local_authority": la.pk, "child_name": "Sam Collins",
        **dates("child_date_of_birth", today.replace(year=2016)), "rights_holder": "parent",
        "family_name": "Sarah Collins", "family_email": "sarah@example.test", **dates("contacted_on", today),
        "contact_method": "phone", "decision_type": "refusal_to_assess", **dates("letter_dated", future),
        **dates("sent_on", future), "sections": ["F"],
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "must be today or in the past" in page
    assert 'value="Sam Collins"' in page and 'value="sarah@example.test"' in page
    assert Case.objects.count() == 0


def test_an_impossible_date_and_missing_answers_are_named(officer_client):
    response = officer_client.post("/cases/new/", {"kind": "mediation", "child_date_of_birth_0": "30",
                                                   "child_date_of_birth_1": "2", "child_date_of_birth_2": "2016"})
    page = response.content.decode()
    assert "Choose the local authority" in page
    assert "Choose the decision the family disagrees with" in page
    assert "govuk-error-message" in page
    assert Case.objects.count() == 0


def test_a_step_with_a_future_date_is_refused_with_a_reason_and_changes_nothing(officer_client):
    case = mediation_case(acting_user=officer_client.officer)
    future = timezone.localdate() + timedelta(days=2)
    response = officer_client.post(f"/cases/{case.reference}/adviser/",
                                   {**dates("given_on", future), "method": "phone"})
    assert response.status_code == 200 and "must be today or in the past" in response.content.decode()
    response = officer_client.post(f"/cases/{case.reference}/request_mediation/",
                                   {**{f"request_mediation-{k}": v for k, v in dates("on", future).items()}})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.state == "request_received" and case.la_received_request is None


def test_a_step_not_allowed_now_is_refused_with_the_reason(officer_client):
    case = mediation_case(acting_user=officer_client.officer)
    today = timezone.localdate()
    response = officer_client.post(f"/cases/{case.reference}/close/",
                                   {f"close-{k}": v for k, v in dates("on", today).items()})
    assert response.status_code == 400
    assert "is not possible now" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "request_received"
