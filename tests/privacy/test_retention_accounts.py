"""Accounts: a family member whom no case names any more, or anyone switched off, is anonymised six years after their
last sign-in, with their addresses, authenticator and declarations' details; an account in use, or named on a case
still held, is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from django.utils import timezone

from sendresolve.accounts.models import IndependenceDeclaration, Membership, User
from sendresolve.cases.models import Participant
from sendresolve.clock.retention import RetentionPeriod, RetentionUnit, earliest_kept
from sendresolve.mediators.models import AvailabilitySlot, Exclusion
from sendresolve.privacy.models import AnonymisedAccount
from sendresolve.privacy.retention import retention_apply
from tests.factories import mediator, organisation, person
from tests.privacy.conftest import at, closed_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = at(TODAY)
FIRST_KEPT = at(earliest_kept(TODAY, RetentionPeriod(6, RetentionUnit.YEARS)), 0)


def _last_seen(user: User, moment) -> User:
    User.objects.filter(pk=user.pk).update(last_login=moment, date_joined=moment - timedelta(days=30))
    return user


def test_dormant_accounts_of_families_no_case_names_and_of_people_switched_off_are_anonymised():
    family = _last_seen(person("family_member", email="sarah@example.test"), FIRST_KEPT - timedelta(seconds=1))
    recent_family = _last_seen(person("family_member"), FIRST_KEPT)
    named = _last_seen(person("family_member"), FIRST_KEPT - timedelta(days=1))
    case = closed_case(on=TODAY)
    Participant.objects.filter(case=case, role="rights_holder").update(user=named)
    left = mediator(totp=True)  # a mediator who left: switched off
    User.objects.filter(pk=left.user.pk).update(is_active=False)
    _last_seen(left.user, FIRST_KEPT - timedelta(days=1))
    AvailabilitySlot.objects.create(mediator=left, start=NOW + timedelta(days=3), end=NOW + timedelta(days=3, hours=3))
    Exclusion.objects.create(mediator=left, organisation=organisation(), reason="declared_link",
                             details="Knows Sam's school")
    address = EmailAddress.objects.get(user=family)
    EmailConfirmation.objects.create(email_address=address, key="k" * 40)
    staff = _last_seen(person("case_officer"), FIRST_KEPT - timedelta(days=365))  # dormant but not switched off

    counts = retention_apply(now=NOW)
    assert counts["accounts.User"] == {"anonymised": 2}
    assert set(AnonymisedAccount.objects.values_list("user", flat=True)) == {family.pk, left.user.pk}
    family.refresh_from_db()
    assert (family.email, family.full_name, family.phone, family.is_active, family.has_usable_password()) == (
        f"anonymised-{family.pk}@sendresolve.invalid", "", "", False, False)
    assert not EmailAddress.objects.filter(user=family).exists()
    assert not Authenticator.objects.filter(user=left.user).exists()
    assert not AvailabilitySlot.objects.filter(mediator=left).exists()
    assert IndependenceDeclaration.objects.get(user=left.user).details == ""
    assert not EmailConfirmation.objects.exists()
    assert Exclusion.objects.get(mediator=left).details == ""
    assert Membership.objects.filter(user=left.user, role="mediator").exists()  # kept: the records of past work
    left.refresh_from_db()
    assert not left.active and left.accreditation_number == ""
    for kept in (recent_family, named, staff):
        kept.refresh_from_db()
        assert kept.is_active and not kept.email.endswith(".invalid")
    assert retention_apply(now=NOW)["accounts.User"] == {}  # done once
