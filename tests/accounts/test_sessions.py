"""Sessions and re-authentication: staff signed out after 30 idle minutes, sensitive steps ask for the password
again, HEAD answered like GET, and an unknown address is told so without a sign-up link."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from sendresolve.accounts.middleware import LAST_SEEN_KEY
from sendresolve.accounts.roles import Role
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.factories import PASSWORD, person, signed_in_with_mfa, totp_code

pytestmark = pytest.mark.django_db


def _idle(client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - seconds
    session.save()


def test_staff_are_signed_out_after_thirty_idle_minutes_and_told_why(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    signed_in_with_mfa(client, officer)
    _idle(client, 29 * 60)
    assert client.get("/cases/").status_code == 200  # 29 minutes: still signed in, and the clock starts again
    _idle(client, 31 * 60)
    response = client.get("/cases/?kind=mediation")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fcases%2F%3Fkind%3Dmediation"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "We signed you out because you had not done anything for 30 minutes" in page


def test_a_family_keeps_its_session_while_reading(client):
    parent = person(Role.FAMILY_MEMBER)
    client.force_login(parent)
    _idle(client, 31 * 60)
    assert client.get("/home/").status_code == 200


def test_staying_signed_in_counts_as_activity(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    signed_in_with_mfa(client, officer)
    _idle(client, 29 * 60)
    assert client.post("/accounts/keep-alive/", HTTP_X_REQUESTED_WITH="fetch").status_code == 204
    assert time.time() - client.session[LAST_SEEN_KEY] < 60
    without_script = client.post("/accounts/keep-alive/", {"next": "/cases/"})
    assert without_script["Location"] == "/cases/"
    assert client.post("/accounts/keep-alive/", {"next": "https://evil.example/"})["Location"] == "/home/"


def test_every_staff_page_carries_the_timeout_warning_and_family_pages_do_not(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    page = signed_in_with_mfa(client, officer).get("/home/").content.decode()
    assert 'id="timeout-warning"' in page and 'data-idle-seconds="1800"' in page
    client.logout()
    client.force_login(person(Role.FAMILY_MEMBER))
    assert 'id="timeout-warning"' not in client.get("/home/").content.decode()


def test_turning_off_the_authenticator_asks_for_the_password_again_right_after_signing_in(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)})
    assert client.get("/home/").status_code == 200
    response = client.get("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert client.get("/accounts/2fa/recovery-codes/generate/")["Location"].startswith("/accounts/reauthenticate/")


def test_setting_up_the_first_authenticator_right_after_signing_in_does_not_ask_again(client):
    officer = person(Role.CASE_OFFICER)
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


@pytest.mark.parametrize("url", ["/", "/request/who/", "/verify/", "/accessibility/"])
def test_head_is_answered_like_get(client, url):
    response = client.head(url)
    assert response.status_code == 200 and response.content == b""
    assert client.get(url).status_code == 200


def test_a_reset_for_an_unknown_address_says_so_without_a_sign_up_link(client):
    client.post("/accounts/password/reset/", {"email": "nobody@example.test"})
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    [message] = [m for m in mail.outbox if m.to == ["nobody@example.test"]]
    assert "There is no account with it" in message.body
    assert "signup" not in message.body and "sign up" not in message.body.lower()
