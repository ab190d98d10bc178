"""Legal review L5: when the 30 days end without a meeting, the family is offered its certificate within 3 working
days and mediation goes on; after the LA says it cannot arrange, the family can still choose to mediate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sendresolve.cases import services
from sendresolve.cases.deemed import deemed_certificates_offer
from sendresolve.cases.models import Case
from sendresolve.cases.states import State, TransitionNotAllowed
from sendresolve.clock import default_calendar
from sendresolve.clock.output import long_date
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.factories import arranging_case, person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _case_30_days_on(days_ago: int, **fields):
    """A mediation whose family asked `days_ago` days ago, being arranged."""
    officer = person("case_officer")
    case = arranging_case(officer=officer, family_email="family@example.test", **fields)
    asked = TODAY - timedelta(days=days_ago)
    Case.objects.filter(pk=case.pk).update(la_received_request=asked, mediation_asked_on=asked)
    case.refresh_from_db()
    from sendresolve.cases.clockwork import case_store_deadlines

    case_store_deadlines(case)
    return officer, case


def _mail():
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    return mail.outbox


def test_on_day_31_the_family_is_offered_its_certificate_and_mediation_goes_on():
    officer, case = _case_30_days_on(31)
    t4 = case.deadlines.get(rule="T4a").due
    assert t4 == TODAY - timedelta(days=1)
    assert deemed_certificates_offer(today=t4) == 0  # the last of the 30 days: not yet
    mail.outbox.clear()
    assert deemed_certificates_offer(today=TODAY) == 1
    assert deemed_certificates_offer(today=TODAY) == 0  # once only
    case.refresh_from_db()
    assert case.state == State.ARRANGING and case.unable_to_arrange_informed == TODAY
    t6 = case.deadlines.get(rule="T6").due
    assert t6 == default_calendar().working_days_after(TODAY, 3)
    [family] = [m for m in _mail() if m.to == ["family@example.test"] and "certificate now" in m.subject]
    assert f"We will send it to you by {long_date(t6)}" in family.body
    assert "wait for the mediation, which we are still arranging" in family.body
    certificate = services.certificate_issue(acting_user=officer, case=case)
    case.refresh_from_db()
    assert certificate.type == "unable_to_arrange" and case.state == State.ARRANGING
    assert case.deadlines.get(rule="T6").met_on == TODAY
    with pytest.raises(TransitionNotAllowed):
        services.certificate_issue(acting_user=officer, case=case)  # one deemed certificate


def test_a_mediation_already_held_is_not_offered_one():
    _, case = _case_30_days_on(35)
    Case.objects.filter(pk=case.pk).update(mediation_held=TODAY - timedelta(days=10))
    from sendresolve.cases.clockwork import case_store_deadlines

    case.refresh_from_db()
    case_store_deadlines(case)
    assert deemed_certificates_offer(today=TODAY) == 0


def test_the_la_s_notice_alone_counts_when_so_configured(settings):
    settings.DEEMED_CERTIFICATE_TRIGGER = "on_la_notice"
    _case_30_days_on(40)
    assert deemed_certificates_offer(today=TODAY) == 0


def test_after_the_la_says_it_cannot_arrange_the_family_can_still_mediate():
    officer, case = _case_30_days_on(10)
    case = services.case_record_unable_to_arrange(acting_user=officer, case=case, informed_on=TODAY,
                                                  reason="No decision-maker free before Christmas")
    services.certificate_issue(acting_user=officer, case=case)
    case.refresh_from_db()
    assert case.state == State.CERTIFICATE_ISSUED
    case = services.case_continue_arranging(acting_user=officer, case=case, on=TODAY)
    assert case.state == State.ARRANGING


def test_a_declined_certificate_does_not_reopen_mediation():
    officer = person("case_officer")
    from tests.factories import mediation_case

    case = mediation_case(acting_user=officer)
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    services.certificate_issue(acting_user=officer, case=case)
    with pytest.raises(TransitionNotAllowed, match="Only a mediation that could not be arranged"):
        services.case_continue_arranging(acting_user=officer, case=case, on=TODAY)
