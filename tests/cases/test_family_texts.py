"""Legal review section 3: what families read says the right thing: their dates, the bodies actually involved, no
rule codes or unconfirmed citations as fact, and the certificate itself with how to appeal."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from sendresolve.cases import services
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
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


def test_a_family_choosing_dr_is_told_it_gives_no_more_time_to_appeal(client):
    from tests.factories import organisation

    la = organisation("local_authority")
    for slug, data in [("who", {"rights_holder": "parent"}), ("about", {"about": "other"}),
                       ("other-party", {"other_party": "school", "description": "No support at lunch"}),
                       ("child", {"child_name": "Ava Patel", "child_date_of_birth_0": 3, "child_date_of_birth_1": 4,
                                  "child_date_of_birth_2": 2015}),
                       ("authority", {"local_authority": la.pk}),
                       ("contact", {"family_name": "Priya Patel", "family_email": "priya@example.test"})]:
        client.post(f"/request/{slug}/", data)
    page = client.get("/request/check/").content.decode()
    assert "disagreement resolution does not give you more time to appeal" in page


def test_a_meeting_cancelled_past_the_30_days_offers_the_certificate():
    from datetime import timedelta

    from sendresolve.cases.models import Case
    from sendresolve.meetings import booking

    ready = make_ready()
    meeting = booking.meeting_book(acting_user=ready.officer, case=ready.case, start=at(first_good_day(ready.case)),
                                   place=ONLINE)
    # Set-up: the 30 days ran from long ago, so a new date can only be after them.
    Case.objects.filter(pk=ready.case.pk).update(la_received_request=TODAY - timedelta(days=29))
    from sendresolve.cases.clockwork import case_store_deadlines

    ready.case.refresh_from_db()
    case_store_deadlines(ready.case)
    mail.outbox.clear()
    booking.meeting_cancel(acting_user=ready.officer, meeting=meeting, party="la", reason="Officer unwell")
    [family] = [m for m in _delivered() if m.to == [ready.parent.email] and "cancelled" in m.subject]
    assert "you can ask us for your mediation certificate now" in family.body
