"""Asking for mediation (legal review L3 and L4): when the LA's 30 days start, and the ICB told, with the issues
and the health provision wanted, whenever health is in dispute."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sendresolve.accounts.models import LaReceiptRule
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases import parties, services
from sendresolve.cases.models import Case
from sendresolve.clock.output import long_date
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.cases.test_family_request import answer_mediation, sent_code
from tests.factories import mediation_case, organisation, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _deliver() -> list:
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    return mail.outbox


def _deadlines(case):
    return {d.rule: d for d in case.deadlines.all()}


def _la(rule=LaReceiptRule.PROVIDER_RECEIPT, icb=None):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    la.la_receipt_rule, la.icb, la.contact_email = rule, icb, "sen@la.example.test"
    la.save()
    return la


def _icb(email="send@icb.example.test"):
    icb = organisation(OrganisationKind.ICB)
    icb.contact_email = email
    icb.save()
    return icb


def _requested(officer, case, asked_on):
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=asked_on, method="phone")
    return services.case_request_mediation(acting_user=officer, case=case, asked_on=asked_on)


@pytest.mark.parametrize("rule, starts", [(LaReceiptRule.PROVIDER_RECEIPT, "asked"), (LaReceiptRule.FORWARDED, "told")])
def test_the_30_days_run_from_the_family_s_request_or_from_the_la_s_notice_by_the_la_s_letters(client, rule, starts):
    officer = person(Role.CASE_OFFICER, totp=True)
    asked = TODAY - timedelta(days=6)
    case = _requested(officer, mediation_case(local_authority=_la(rule), acting_user=officer), asked)
    start = asked if starts == "asked" else TODAY
    assert (case.mediation_asked_on, case.la_told_on, case.la_received_request) == (asked, TODAY, start)
    assert _deadlines(case)["T4a"].due == start + timedelta(days=30)
    page = signed_in_with_mfa(client, officer).get(f"/cases/{case.reference}/").content.decode()
    assert f"The 30 days run from {long_date(start)}" in page


def test_health_and_education_in_dispute_tell_the_icb_with_the_issues_and_meet_t3():
    officer = person(Role.CASE_OFFICER)
    icb = _icb()
    case = mediation_case(local_authority=_la(), sections=("F", "G"), other_parties=[icb], acting_user=officer)
    Case.objects.filter(pk=case.pk).update(health_provision_wanted="Weekly speech and language therapy in school")
    mail.outbox.clear()
    case = _requested(officer, case, TODAY)
    deadlines = _deadlines(case)
    assert deadlines["T3"].met_on == TODAY and not deadlines["T3"].in_queue
    assert "T4b" in deadlines
    [notice] = [m for m in _deliver() if m.to == ["send@icb.example.test"]]
    assert "This e-mail is your notice of the mediation" in notice.body
    assert "Section G: health provision" in notice.body and "Section F: special educational provision" in notice.body
    assert "Weekly speech and language therapy in school" in notice.body


def test_health_only_mediation_has_the_icb_s_30_days_and_the_family_is_told_them():
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(local_authority=_la(), sections=("G",), other_parties=[_icb()], acting_user=officer,
                          family_email="family@example.test")
    mail.outbox.clear()
    case = _requested(officer, case, TODAY)
    t4c = _deadlines(case)["T4c"]
    assert t4c.due == TODAY + timedelta(days=30) and "ICB" in t4c.actor
    [family] = [m for m in _deliver() if m.to == ["family@example.test"] and "Your mediation request" in m.subject]
    assert f"The mediation must be arranged by {long_date(t4c.due)}" in family.body
    assert "you can have your mediation certificate within 3 working days" in family.body


def test_an_icb_with_no_address_is_told_another_way_and_the_adviser_records_when():
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(local_authority=_la(), sections=("G",), other_parties=[_icb(email="")],
                          acting_user=officer)
    case = _requested(officer, case, TODAY - timedelta(days=1))
    deadlines = _deadlines(case)
    assert deadlines["T3"].met_on is None and "T4c" not in deadlines
    with pytest.raises(Exception, match="before it was made"):
        parties.case_record_icb_told(acting_user=officer, case=case, on=TODAY - timedelta(days=2))
    case = parties.case_record_icb_told(acting_user=officer, case=case, on=TODAY)
    deadlines = _deadlines(case)
    assert deadlines["T3"].met_on == TODAY and deadlines["T4c"].due == TODAY + timedelta(days=30)


def test_an_icb_added_after_the_request_is_told_at_once():
    officer = person(Role.CASE_OFFICER)
    case = _requested(officer, mediation_case(local_authority=_la(), sections=("B", "G"), acting_user=officer),
                      TODAY)
    assert _deadlines(case)["T3"].met_on is None  # no ICB on the case yet
    icb = _icb()
    mail.outbox.clear()
    parties.case_add_party(acting_user=officer, case=case, organisation=icb)
    assert _deadlines(case)["T3"].met_on == TODAY
    assert [m for m in _deliver() if m.to == ["send@icb.example.test"]]
    with pytest.raises(Exception, match="already taking part"):
        parties.case_add_party(acting_user=officer, case=case, organisation=icb)


def test_an_online_request_about_health_asks_for_the_provision_wanted_and_brings_the_area_s_icb(client):
    icb = _icb()
    la = _la(icb=icb)
    answer_mediation(client, la, TODAY - timedelta(days=5), sections=("F", "G"),
                     health="Occupational therapy for handwriting")
    answers_page = client.get("/request/check/").content.decode()
    assert "Occupational therapy for handwriting" in answers_page
    client.post("/request/check/")
    client.post("/request/confirm/", {"code": sent_code()})
    case = Case.objects.get()
    assert case.health_provision_wanted == "Occupational therapy for handwriting"
    assert list(case.parties.values_list("organisation", flat=True)) == [icb.pk]


def test_the_staff_form_needs_the_health_provision_when_health_is_in_dispute(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    icb = _icb()
    la = _la(icb=icb)
    born, sent = TODAY.replace(year=TODAY.year - 9), TODAY - timedelta(days=3)
    data = {"kind": "mediation", "local_authority": la.pk, "child_name": "Sam Collins",
            "child_date_of_birth_0": born.day, "child_date_of_birth_1": born.month, "child_date_of_birth_2": born.year,
            "rights_holder": "parent", "family_name": "Sarah Collins", "family_email": "sarah@example.test",
            "contacted_on_0": TODAY.day, "contacted_on_1": TODAY.month, "contacted_on_2": TODAY.year,
            "contact_method": "phone", "decision_type": "plan_contents", "letter_dated_0": sent.day,
            "letter_dated_1": sent.month, "letter_dated_2": sent.year, "sections": ["G"]}
    client = signed_in_with_mfa(client, officer)
    refused = client.post("/cases/new/", data)
    assert "Say what health provision the family wants" in refused.content.decode()
    assert client.post("/cases/new/", {**data, "health_provision_wanted": "Physiotherapy"}).status_code == 302
    case = Case.objects.get()
    assert list(case.parties.values_list("organisation", flat=True)) == [icb.pk]  # the LA's area ICB
