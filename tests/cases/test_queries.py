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
