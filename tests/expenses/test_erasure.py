"""Erasing a person takes them out of expense claims: a family's claims are anonymised with their case (receipts
deleted), and a supporter's name is taken out of the claim they signed on another family's case."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sendresolve.accounts.roles import Role
from sendresolve.cases.models import Participant
from sendresolve.expenses import claims
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine
from sendresolve.meetings.models import Meeting
from sendresolve.privacy.erasure import person_erase
from sendresolve.privacy.subjects import subject_for
from tests.expenses.helpers import PNG, parking, receipt
from tests.factories import person
from tests.privacy.people import old_closed_case, provider_staff
from tests.privacy.test_erasure import where_named

pytestmark = pytest.mark.django_db


def test_an_erased_familys_claims_keep_only_the_accounts(receipts_folder, django_capture_on_commit_callbacks):
    case = old_closed_case(family_email="nadia.okoro@example.test")
    officer = person(Role.CASE_OFFICER)
    start = timezone.now() - timedelta(days=10)  # set-up: a meeting whose costs were claimed
    Meeting.objects.create(case=case, status=Meeting.Status.HELD, start=start, end=start + timedelta(hours=3),
                           held_on=timezone.localdate(start), booked_by=officer)
    family = case.participants.get(role=Participant.Role.RIGHTS_HOLDER)
    claim = claims.expense_claim_start(acting_user=family.user, case=case, meeting=case.meetings.get(),
                                       claimant=family)
    claims.expense_line_add(acting_user=family.user, claim=claim, receipt=receipt(),
                            details=replace(parking(), description="Nadia Okoro's parking"))
    claims.expense_claim_submit(acting_user=family.user, claim=claim, typed_name="Nadia Okoro", confirmed=True)
    stored = receipts_folder / ExpenseLine.objects.get().receipt.name
    assert stored.read_bytes() == PNG and where_named("Nadia Okoro")
    admin = provider_staff()
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(acting_user=admin, subject=subject_for(admin, f"u{family.user_id}"), reason="Asked by letter")
    assert where_named("Nadia Okoro") == [] and not stored.exists()
    kept = ExpenseClaim.objects.get()
    assert (kept.total_claimed, kept.status, kept.typed_name) == (Decimal("4.50"), "submitted", "")


def test_an_erased_supporters_name_leaves_the_claim_they_signed(receipts_folder):
    case = old_closed_case(family_email="nadia.okoro@example.test")
    officer = person(Role.CASE_OFFICER)
    start = timezone.now() - timedelta(days=10)  # set-up: a meeting whose costs were claimed
    meeting = Meeting.objects.create(case=case, status=Meeting.Status.HELD, start=start,
                                     end=start + timedelta(hours=3), held_on=timezone.localdate(start),
                                     booked_by=officer)
    supporter_user = person(Role.ADVOCATE)
    supporter = Participant.objects.create(case=case, role=Participant.Role.SUPPORTER, name="Ruth Adeyemi",
                                           user=supporter_user, email=supporter_user.email)
    family = case.participants.get(role=Participant.Role.RIGHTS_HOLDER)
    signed = {}
    for who, user, name in ((supporter, supporter_user, "Ruth Adeyemi"), (family, family.user, "Nadia Okoro")):
        claim = claims.expense_claim_start(acting_user=user, case=case, meeting=meeting, claimant=who)
        claims.expense_line_add(acting_user=user, claim=claim, details=parking(), receipt=receipt())
        signed[name] = claims.expense_claim_submit(acting_user=user, claim=claim, typed_name=name, confirmed=True)
    admin = provider_staff()
    person_erase(acting_user=admin, subject=subject_for(admin, f"u{supporter_user.pk}"), reason="Asked by e-mail")
    assert ExpenseClaim.objects.get(pk=signed["Ruth Adeyemi"].pk).typed_name == "Erased person"
    assert ExpenseClaim.objects.get(pk=signed["Nadia Okoro"].pk).typed_name == "Nadia Okoro"
