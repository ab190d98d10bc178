"""Pages whose query count must not grow with the number of cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sendresolve.accounts.roles import Role
from sendresolve.cases import services
from tests.factories import PASSWORD, mediation_case, person, totp_code

pytestmark = pytest.mark.django_db


def _cases(officer, count):
    for _ in range(count):
        case = mediation_case(acting_user=officer)
        services.case_give_adviser_information(acting_user=officer, case=case, given_on=timezone.localdate(),
                                               method="phone")
        services.case_request_mediation(acting_user=officer, case=case, asked_on=timezone.localdate())


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_work_queue_and_case_page_cost_the_same_with_more_cases(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)})
    _cases(officer, 3)
    few_queue = _queries(client, "/cases/")
    from sendresolve.cases.models import Case

    reference = Case.objects.first().reference
    few_case = _queries(client, f"/cases/{reference}/")
    _cases(officer, 12)
    assert _queries(client, "/cases/") == few_queue
    assert _queries(client, f"/cases/{reference}/") == few_case


@pytest.mark.parametrize("role", [Role.LA_OFFICER, Role.ICB_REPRESENTATIVE, Role.SCHOOL_REPRESENTATIVE,
                                  Role.FAMILY_MEMBER, Role.CASE_OFFICER])
def test_every_roles_queue_later_pages_home_and_case_page_cost_the_same_with_more_cases(client, role, monkeypatch):
    from sendresolve.accounts.roles import OrganisationKind
    from sendresolve.cases.models import Case, Participant
    from sendresolve.cases.parties import case_add_party
    from tests.factories import organisation, signed_in_with_mfa

    officer = person(Role.CASE_OFFICER)
    la, icb, school = (organisation(OrganisationKind.LOCAL_AUTHORITY), organisation(OrganisationKind.ICB),
                       organisation(OrganisationKind.SCHOOL))
    body = {Role.LA_OFFICER: la, Role.ICB_REPRESENTATIVE: icb, Role.SCHOOL_REPRESENTATIVE: school}.get(role)
    reader = person(role, body)
    monkeypatch.setattr("sendresolve.cases.selectors.QUEUE_PAGE", 4)  # fifteen cases make several pages
    signed_in_with_mfa(client, reader)

    def more(count):
        for number in range(count):
            case = mediation_case(local_authority=la if number % 2 else None, other_parties=[icb],
                                  sections=("F", "G"), acting_user=officer)
            services.case_give_adviser_information(acting_user=officer, case=case, given_on=timezone.localdate(),
                                                   method="phone")
            services.case_request_mediation(acting_user=officer, case=case, asked_on=timezone.localdate())
            case_add_party(acting_user=officer, case=case, organisation=school)
            Participant.objects.filter(case=case, role="rights_holder").update(  # set-up: the reader's own
                user=reader if role == Role.FAMILY_MEMBER else None)

    more(3)
    reference = Case.objects.filter(local_authority=la).first().reference
    first = client.get("/cases/")
    later = first.context["next_cursor"] if first.context else None
    pages = {"/cases/": _queries(client, "/cases/"), "/": _queries(client, "/"),
             f"/cases/{reference}/": _queries(client, f"/cases/{reference}/")}
    more(12)
    after = client.get("/cases/?after=" + later) if later else None
    assert after is None or after.status_code == 200
    for url, count in pages.items():
        assert _queries(client, url) == count, url
    second = client.get("/cases/").context["next_cursor"]
    assert second, "with fifteen cases the queue has a second page (positive control)"
    assert len(client.get(f"/cases/?after={second}").context["queue"]) == 4
    assert _queries(client, f"/cases/?after={second}") == pages["/cases/"]
