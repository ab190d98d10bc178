"""Legal review section 3: what families read says the right thing: their dates, the bodies actually involved, no
rule codes or unconfirmed citations as fact, and the certificate itself with how to appeal."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from sendresolve.cases import services
from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.services import outbox_deliver
from tests.factories import mediation_case, person, signed_in_with_mfa
from tests.meetings.conftest import make_ready
from tests.meetings.test_booking import ONLINE, at, first_good_day

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _delivered():
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    return mail.outbox


def test_the_family_s_case_page_has_no_rule_codes_and_its_own_words(client):
    ready = make_ready()
    officer_page = signed_in_with_mfa(client, ready.officer).get(f"/cases/{ready.case.reference}/").content.decode()
    assert "(T4a)" in officer_page  # staff keep the codes
    client.logout()
    client.force_login(ready.parent)
    page = client.get(f"/cases/{ready.case.reference}/").content.decode()
    assert not re.search(r"\(T\d+[a-c]?\)", page)
    assert "What must happen, and by when" in page and "The meeting is being arranged" in page
    assert "regulation number is still being confirmed" in page  # T4a's regulation 36: [S]


def test_the_certificate_goes_to_the_family_attached_with_how_to_appeal():
    officer = person("case_officer")
    case = mediation_case(acting_user=officer, family_email="family@example.test")
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    certificate = services.certificate_issue(acting_user=officer, case=case)
    [message] = [m for m in _delivered() if certificate.number in m.subject]
    [(name, content, mimetype)] = message.attachments
    assert name == f"mediation-certificate-{certificate.number}.pdf" and content.startswith(b"%PDF")
    assert "https://www.gov.uk/send-tribunal" in message.body and "SENDIASS" in message.body


def test_a_health_only_meeting_invitation_names_the_icb_not_the_la(db):
    from sendresolve.accounts.roles import OrganisationKind, Role
    from sendresolve.meetings import booking, people
    from tests.factories import organisation

    icb = organisation(OrganisationKind.ICB, name="Northshire ICB")
    ready = make_ready(sections=("G",), other_parties=[icb])
    representative = person(Role.ICB_REPRESENTATIVE, icb)
    people.attendee_name(acting_user=representative, case=ready.case, attendee=representative,
                         confirm_authority=True, typed_name=representative.full_name)
    mail.outbox.clear()
    booking.meeting_book(acting_user=ready.officer, case=ready.case, start=at(first_good_day(ready.case)),
                         place=ONLINE)
    [family] = [m for m in _delivered() if m.to == [ready.parent.email] and "meeting booked" in m.subject]
    assert family.subject.startswith("Mediation meeting booked")
    [invited] = [line for line in family.body.splitlines() if line.startswith("- Also invited:")]
    assert "Northshire ICB" in invited  # the bodies actually invited, by name
    assert "A senior officer from" not in family.body
    assert "pays reasonable travel and other costs of coming to the meeting" in family.body
    assert "Your child can come if you and the mediator agree" in family.body
