"""Issue 11: the certificate page says what was actually sent, to whom, and whether it was delivered or failed;
the officer is no longer told "the family has been sent it" when it has only been queued, or cannot be sent."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from sendresolve.accounts.roles import Role
from sendresolve.cases import services
from sendresolve.core.templatetags.sendresolve import moment
from sendresolve.notifications.delivery import MAX_ATTEMPTS, outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.factories import mediation_case, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the family's address, as a real one does for a mistyped domain."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({email_messages[0].to[0]: (550, b"No such user")})


def declined_case(officer, **fields):
    case = mediation_case(acting_user=officer, **fields)
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    return services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)


def issue_through_the_page(client, officer, case):
    signed_in_with_mfa(client, officer)
    return client.post(f"/cases/{case.reference}/certificate/", follow=True).content.decode()


def deliver_all():
    for message in OutboundEmail.objects.exclude(status="sent"):
        OutboundEmail.objects.filter(pk=message.pk).update(lease_until=None)  # its retry time has come
        outbox_deliver(message_id=message.pk)


def test_the_officer_is_told_it_is_being_sent_and_then_that_it_was_delivered(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    case = declined_case(officer, family_email="family@example.test")
    page = issue_through_the_page(client, officer, case)
    number = case.certificates.get().number
    assert "It is being e-mailed to family@example.test as an attachment" in page
    assert "The family has been sent it" not in page
    assert "Waiting to be sent" in page and "E-mailed to family@example.test" in page
    deliver_all()
    page = client.get(f"/cases/{case.reference}/").content.decode()
    sent_at = OutboundEmail.objects.get(about=f"certificate:{number}").sent_at
    assert "Delivered" in page and moment(sent_at) in page


def test_a_refused_address_shows_each_try_then_that_it_was_not_delivered(client, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    officer = person(Role.CASE_OFFICER, totp=True)
    case = declined_case(officer, family_email="family@mistyped.example")
    issue_through_the_page(client, officer, case)
    deliver_all()
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Waiting to be sent" in page and "1 try so far" in page and "No such user" in page
    for _ in range(MAX_ATTEMPTS):
        deliver_all()
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Not delivered" in page and f"after {MAX_ATTEMPTS} tries" in page and "send the download by post" in page


def test_a_family_with_no_e_mail_address_is_not_said_to_have_been_sent_it(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    case = declined_case(officer, family_email="")
    page = issue_through_the_page(client, officer, case)
    assert "The family has no e-mail address: download it and send it by post" in page
    assert "Not e-mailed: the family has no e-mail address" in page
    assert not OutboundEmail.objects.filter(about__startswith="certificate:").exists()


def test_only_staff_and_the_mediator_see_where_it_was_sent(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    case = declined_case(officer, family_email="family@example.test")
    issue_through_the_page(client, officer, case)
    la_officer = person(Role.LA_OFFICER, case.local_authority, totp=True)
    client.logout()
    signed_in_with_mfa(client, la_officer)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Download certificate" in page  # positive control: the LA sees the certificate itself
    assert "E-mailed to" not in page


@pytest.mark.parametrize(("utc", "shown"), [
    (datetime(2026, 12, 6, 1, 20, tzinfo=UTC), "6 December 2026 at 1:20am"),
    (datetime(2026, 7, 6, 11, 0, tzinfo=UTC), "6 July 2026 at midday"),  # BST
    (datetime(2026, 12, 6, 0, 0, tzinfo=UTC), "6 December 2026 at midnight"),
    (datetime(2026, 12, 6, 17, 5, tzinfo=UTC), "6 December 2026 at 5:05pm"),
    (datetime(2026, 12, 6, 13, 0, tzinfo=UTC), "6 December 2026 at 1pm"),
])
def test_moments_are_written_the_gov_uk_way_in_england_s_time(utc, shown):
    assert moment(utc) == shown
