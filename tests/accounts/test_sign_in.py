"""Signing in: staff by password and authenticator, families by e-mailed code, and what each may reach."""

import re

import pytest
from django.core import mail

from sendresolve.accounts.roles import Role
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.factories import PASSWORD, person, totp_code

pytestmark = pytest.mark.django_db


def sign_in(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def deliver_outbox():
    for message in OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING):
        outbox_deliver(message_id=message.pk)


def test_staff_without_an_authenticator_reach_nothing_but_its_set_up(client):
    officer = person(Role.CASE_OFFICER)
    assert sign_in(client, officer)["Location"] == "/home/"
    for path in ("/home/", "/cases/", "/cases/new/", "/audit/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert b"Authenticator secret" in page.content


def test_staff_with_an_authenticator_must_give_a_code_before_anything(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    assert sign_in(client, officer)["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/home/")["Location"].startswith("/accounts/login/")
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and b"Incorrect code" in wrong.content
    assert client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)})["Location"] == "/home/"
    home = client.get("/home/")
    assert home.status_code == 200
    assert b"Your work queue" in home.content


def test_ten_wrong_passwords_lock_the_account(client):
    officer = person(Role.MEDIATOR, totp=True)
    other = person(Role.MEDIATOR, totp=True)
    for _ in range(10):
        refused = sign_in(client, officer, "not-the-password")
        assert refused.status_code == 200
        assert b"not correct" in refused.content
    locked = sign_in(client, officer)
    assert locked.status_code == 200
    assert b"Too many failed login attempts" in locked.content
    # The lock is on that account: another person at the same desk can still sign in.
    assert sign_in(client, other)["Location"] == "/accounts/2fa/authenticate/"


def test_the_admin_does_not_exist_for_anyone_but_an_administrator_who_passed_mfa(client):
    assert client.get("/admin/").status_code == 404
    officer = person(Role.CASE_OFFICER, totp=True)
    sign_in(client, officer)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)})
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/accounts/user/").status_code == 404
    client.logout()

    administrator = person(Role.ADMINISTRATOR, totp=True)
    sign_in(client, administrator)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(administrator.totp_secret)})
    assert client.get("/admin/").status_code == 200


def test_a_family_member_signs_in_with_a_code_sent_by_email(client):
    parent = person(Role.FAMILY_MEMBER)
    response = client.post("/accounts/login/code/", {"email": parent.email})
    assert response.status_code == 302
    deliver_outbox()
    [message] = mail.outbox
    assert message.to == [parent.email]
    assert message.extra_headers["Message-ID"].endswith("@sendresolve.localhost>")
    code = re.search(r"^([A-Z0-9-]{6,})$", message.body, re.M).group(1)
    confirmed = client.post("/accounts/login/code/confirm/", {"code": code})
    assert confirmed["Location"] == "/home/"
    home = client.get("/home/")
    assert home.status_code == 200
    assert b"Your request" in home.content


def test_a_family_member_cannot_sign_in_with_a_password(client):
    parent = person(Role.FAMILY_MEMBER)
    assert sign_in(client, parent, "").status_code == 200
    assert client.get("/home/").status_code == 302


def test_a_staff_member_signing_in_by_code_still_needs_their_authenticator(client):
    officer = person(Role.LA_OFFICER, totp=True)
    client.post("/accounts/login/code/", {"email": officer.email})
    deliver_outbox()
    code = re.search(r"^([A-Z0-9-]{6,})$", mail.outbox[-1].body, re.M).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/home/").status_code == 302


def test_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert b"closed" in response.content.lower()


def test_forms_need_a_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/accounts/login/", {"login": "a@example.test", "password": "x"}).status_code == 403


def test_setting_up_an_authenticator_finishes_the_first_sign_in(client):
    officer = person(Role.CASE_OFFICER)
    sign_in(client, officer)
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z0-9]+)"', page).group(1)
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "123456"})
    assert wrong.status_code == 200
    assert client.get("/home/")["Location"] == "/accounts/2fa/totp/activate/"
    activated = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert activated["Location"] == "/accounts/2fa/recovery-codes/"
    assert client.get("/home/").status_code == 200


def test_the_lock_lifts_after_fifteen_minutes(client, monkeypatch):
    import time
    import types

    import allauth.core.internal.ratelimit as ratelimit

    officer = person(Role.CASE_OFFICER, totp=True)
    for _ in range(10):
        sign_in(client, officer, "not-the-password")
    assert b"Too many failed login attempts" in sign_in(client, officer).content
    later = types.SimpleNamespace(time=lambda: time.time() + 15 * 60 + 1, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", later)
    assert sign_in(client, officer)["Location"] == "/accounts/2fa/authenticate/"


def test_a_password_reset_link_is_sent_through_the_outbox(client):
    officer = person(Role.CASE_OFFICER)
    response = client.post("/accounts/password/reset/", {"email": officer.email})
    assert response.status_code == 302
    [queued] = OutboundEmail.objects.filter(to=officer.email)
    deliver_outbox()
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["Message-ID"] == queued.message_id
