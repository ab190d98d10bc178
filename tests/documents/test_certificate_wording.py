"""Legal review L16: a certificate states only what was checked, names what is in dispute, and is never a
'change of mind' for a family that did not ask for mediation."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from sendresolve.cases import corrections, services
from sendresolve.cases.issued import certificate_facts
from sendresolve.cases.models import Case
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.clock.output import long_date
from sendresolve.documents.certificates import certificate_pdf
from tests.cases.test_family_request import answer_mediation, sent_code
from tests.factories import organisation, person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _text(certificate) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=certificate_pdf(certificate_facts(certificate)),
                         capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def _declined(officer, case):
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    return services.certificate_issue(acting_user=officer, case=case)


def test_an_online_family_s_letter_date_is_printed_as_theirs_until_the_adviser_checks_it(client):
    sent = TODAY - timedelta(days=9)
    answer_mediation(client, organisation("local_authority"), sent, sections=("B", "I"))
    client.post("/request/check/")
    client.post("/request/confirm/", {"code": sent_code()})
    case = Case.objects.get()
    officer = person("case_officer")
    text = _text(_declined(officer, case))
    assert f"Decision letter sent {long_date(sent)} (as the family told us)" in text
    assert "Decision letter dated" not in text
    assert "Section B" in text and "Section I" in text  # what is in dispute


def test_once_checked_against_the_letter_both_dates_are_printed():
    officer = person("case_officer")
    from tests.factories import mediation_case

    case = mediation_case(acting_user=officer)
    Case.objects.filter(pk=case.pk).update(contact_method="online")
    case.decision.dates_checked = False
    case.decision.save()
    dated, sent = TODAY - timedelta(days=12), TODAY - timedelta(days=10)
    corrections.case_correct_decision(acting_user=officer, case=case, decision_type="refusal_to_assess", sections=[],
                                      wanted="An assessment", reason="Checked the letter", letter_dated=dated,
                                      sent_on=sent)
    text = _text(_declined(officer, Case.objects.get(pk=case.pk)))
    assert f"Decision letter dated {long_date(dated)}" in text and f"Decision letter sent {long_date(sent)}" in text
    assert "as the family told us" not in text


def test_a_family_that_never_asked_for_mediation_is_not_given_a_change_of_mind():
    officer = person("case_officer")
    from tests.factories import mediation_case

    case = mediation_case(acting_user=officer)
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    with pytest.raises(TransitionNotAllowed, match="is not possible now"):
        services.case_withdraw(acting_user=officer, case=case, informed_on=TODAY, reason="No longer appealing")
    case = services.case_close(acting_user=officer, case=case, on=TODAY)  # no longer wants to appeal: no certificate
    assert case.state == State.CLOSED and not case.certificates.exists()
