"""Nobody claims another family's case by e-mail address: no self-service change of address, and people typed on
a case are matched to accounts only through addresses the service stands behind."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import account_for_address
from sendresolve.accounts.services import family_account, user_change_email
from sendresolve.audit.models import AuditEvent
from sendresolve.meetings import availability
from sendresolve.meetings.models import AvailabilityRequest
from tests.factories import person
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_case():
    return make_ready()


def test_nobody_can_add_or_change_their_own_address(client):
    parent = person(Role.FAMILY_MEMBER)
    client.force_login(parent)
    for path in ("/accounts/email/", "/accounts/confirm-email/"):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"email": "victim@example.test", "action_add": ""}).status_code == 404, path
    assert not EmailAddress.objects.filter(email="victim@example.test").exists()
    assert client.get("/accounts/login/").status_code == 302  # positive control: allauth's other pages are there


def test_an_address_the_holder_set_themselves_links_nothing():
    """However an account came to carry an address (an old bug, a direct edit), it is not matched unless the
    service stands behind that address."""
    attacker = person(Role.FAMILY_MEMBER, email="mallory@example.test")
    User.objects.filter(pk=attacker.pk).update(email="victim@example.test")
    assert account_for_address("victim@example.test") is None
    assert family_account(email="victim@example.test", full_name="Victim") == (None, False)
    assert account_for_address("mallory@example.test") is None  # the old address no longer opens anything
    honest = person(Role.FAMILY_MEMBER, email="honest@example.test")
    assert account_for_address("Honest@Example.test ") == honest  # positive control


def test_asking_for_availability_never_hands_a_case_to_an_address_claimed_by_someone_else(ready_case):
    ready = ready_case
    family = ready.case.participants.get(role="rights_holder")
    family.user = None
    family.email = "victim@example.test"
    family.save()
    attacker = person(Role.FAMILY_MEMBER, email="mallory@example.test")
    User.objects.filter(pk=attacker.pk).update(email="victim@example.test")
    availability.availability_request(acting_user=ready.officer, case=ready.case)
    family.refresh_from_db()
    assert family.user is None
    assert AvailabilityRequest.objects.filter(case=ready.case).exists()  # the request itself went out


def test_a_phone_family_gets_its_own_account_when_asked_for_availability(ready_case):
    ready = ready_case
    family = ready.case.participants.get(role="rights_holder")
    family.user = None
    family.email = "new.parent@example.test"
    family.save()
    availability.availability_request(acting_user=ready.officer, case=ready.case)
    family.refresh_from_db()
    assert family.user.email == "new.parent@example.test"
    assert account_for_address("new.parent@example.test") == family.user


def test_an_administrator_changes_an_address_and_the_audit_log_says_so():
    admin = person(Role.ADMINISTRATOR, totp=True)
    parent = person(Role.FAMILY_MEMBER, email="old@example.test")
    user_change_email(acting_user=admin, user=parent, email="New@Example.test")
    assert account_for_address("new@example.test") == parent
    assert account_for_address("old@example.test") is None
    entry = AuditEvent.objects.get(actor=admin, target_id=str(parent.pk), action="update")
    assert entry.summary == "Changed e-mail address from old@example.test to new@example.test"
