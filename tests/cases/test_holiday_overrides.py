"""Issue 11: a bank holiday an administrator adds (a coronation, a funeral) moves every stored deadline it touches,
and the change is audited; the whole service uses that one calendar."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.holidays import deadlines_recompute_from
from sendresolve.cases.models import HolidayOverride
from tests.factories import mediation_case, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


def test_a_bank_holiday_added_in_the_admin_moves_the_stored_deadlines_and_is_audited(client,
                                                                                     django_capture_on_commit_callbacks):
    officer = person("case_officer")
    case = mediation_case(acting_user=officer)
    today = case.contacted_on
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=today)
    t2 = case.deadlines.get(rule="T2").due  # 3 working days after today
    day = service_calendar().working_days_after(today, 1)  # the first of those working days
    admin = person("administrator", totp=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = signed_in_with_mfa(client, admin).post("/admin/cases/holidayoverride/add/", {
            "day_0": day.day, "day_1": day.month, "day_2": day.year, "day": day.isoformat(),
            "kind": "extra", "reason": "Bank holiday proclaimed for a state funeral"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert callbacks  # the recomputation was queued for the worker once the change committed
    assert HolidayOverride.objects.get().day == day
    assert not service_calendar().is_working_day(day)
    assert deadlines_recompute_from(day) >= 1  # what the queued task does
    moved = case.deadlines.get(rule="T2").due
    assert moved == service_calendar().working_days_after(today, 3) and moved > t2
    assert AuditEvent.objects.filter(actor=admin, summary__startswith="Calendar:").exists()


def test_only_an_administrator_changes_the_calendar():
    from sendresolve.cases.holidays import holiday_override_set

    with pytest.raises(PermissionDenied, match="Only an administrator"):
        holiday_override_set(acting_user=person("case_officer"), day=date(2030, 5, 8), kind="extra",
                             reason="Victory in Europe Day")
    assert not HolidayOverride.objects.exists()
    holiday_override_set(acting_user=person("administrator"), day=date(2030, 5, 8), kind="extra",
                         reason="Victory in Europe Day")
    assert not service_calendar().is_working_day(date(2030, 5, 8))  # a Wednesday, now a bank holiday
