"""No administrator reads an authenticator secret, and every change made in the admin is in the audit log."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.conf import settings

from sendresolve.accounts.models import Organisation
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.selectors import account_for_address
from sendresolve.audit.models import AuditEvent
from tests.factories import organisation, person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    return signed_in_with_mfa(client, person(Role.ADMINISTRATOR, totp=True))


def test_authenticator_secrets_are_not_in_the_admin(admin_client):
    person(Role.CASE_OFFICER, totp=True)
    assert admin_client.get("/admin/mfa/authenticator/").status_code == 404
    assert admin_client.get("/admin/account/emailaddress/").status_code == 404
    index = admin_client.get("/admin/").content.decode()
    assert "Organisations" in index  # positive control: the admin itself is there
    assert "Authenticator" not in index


def test_authenticator_secrets_are_encrypted_at_rest():
    officer = person(Role.CASE_OFFICER, totp=True)
    stored = Authenticator.objects.get(user=officer, type="totp").data["secret"]
    assert officer.totp_secret not in stored
    assert Fernet(settings.MFA_ENCRYPTION_KEYS[0]).decrypt(stored.encode()).decode() == officer.totp_secret


def test_a_rotated_key_still_opens_old_secrets(settings):
    officer = person(Role.CASE_OFFICER, totp=True)
    from sendresolve.accounts.adapters import MFAAdapter

    old = settings.MFA_ENCRYPTION_KEYS[0]
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    stored = Authenticator.objects.get(user=officer, type="totp").data["secret"]
    assert MFAAdapter().decrypt(stored) == officer.totp_secret
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        MFAAdapter().decrypt(stored)


def test_changes_in_the_admin_are_audited(admin_client):
    body = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire")
    response = admin_client.post(f"/admin/accounts/organisation/{body.pk}/change/", {
        "name": "Northshire County Council", "kind": "local_authority", "code": "886", "contact_email": "",
        "icb": "", "la_receipt_rule": "provider_receipt"})
    assert response.status_code == 302
    entry = AuditEvent.objects.get(action="update", target_type="accounts.Organisation")
    assert entry.summary.startswith("Changed in the admin: Changed Name and Code")
    assert entry.actor_label.startswith("administrator.")
    admin_client.post("/admin/accounts/organisation/", {"action": "delete_selected", "_selected_action": [body.pk],
                                                        "post": "yes"})
    assert not Organisation.objects.filter(pk=body.pk).exists()
    assert AuditEvent.objects.filter(action="delete", target_id=str(body.pk), summary="Deleted in the admin").exists()


def test_a_password_set_in_the_admin_is_audited_without_the_password(admin_client):
    officer = person(Role.CASE_OFFICER)
    new = "a-brand-new-password-77"
    response = admin_client.post(f"/admin/accounts/user/{officer.pk}/password/", {
        "password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    entry = AuditEvent.objects.get(action="update", target_id=str(officer.pk), target_type="accounts.User")
    assert "Changed password" in entry.summary and new not in entry.summary


def test_an_address_changed_in_the_admin_moves_the_account_and_is_audited(admin_client):
    parent = person(Role.FAMILY_MEMBER, email="old@example.test")
    page = admin_client.get(f"/admin/accounts/user/{parent.pk}/change/")
    assert page.status_code == 200
    response = admin_client.post(f"/admin/accounts/user/{parent.pk}/change/", {
        "email": "New@Example.test", "full_name": parent.full_name, "phone": "", "is_active": "on",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert account_for_address("new@example.test") == parent
    assert account_for_address("old@example.test") is None
    assert AuditEvent.objects.filter(target_id=str(parent.pk),
                                     summary="Changed e-mail address from old@example.test to new@example.test")
