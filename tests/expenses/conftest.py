"""A mediation case whose meeting was held (made directly: the meeting's own booking is tested in meetings), with
private file storage in a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import Case
from sendresolve.meetings.models import Meeting
from tests.factories import arranging_case, organisation, person


@dataclass
class Held:
    case: Case
    officer: User
    la: Organisation
    la_officer: User
    decision_maker: User  # a second officer of the LA (a review is by a different officer)
    parent: User


def held_case(*, sections=("B", "F"), other_parties=(), la: Organisation | None = None) -> Held:
    officer = person(Role.CASE_OFFICER)
    la = la or organisation(OrganisationKind.LOCAL_AUTHORITY)
    case = arranging_case(officer=officer, local_authority=la, sections=sections, other_parties=list(other_parties))
    start = timezone.now() - timedelta(hours=4)
    Meeting.objects.create(case=case, status=Meeting.Status.HELD, start=start, end=start + timedelta(hours=3),
                           held_on=timezone.localdate(start), booked_by=officer)
    parent = case.participants.get(role="rights_holder").user
    return Held(case, officer, la, person(Role.LA_OFFICER, la), person(Role.LA_DECISION_MAKER, la), parent)


@pytest.fixture
def receipts_folder(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    return tmp_path


@pytest.fixture
def held(db, receipts_folder) -> Held:
    return held_case()
