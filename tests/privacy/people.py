"""People and cases for the subject access and erasure tests, made through the services the app uses."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.agreements import followup, notes, plans
from sendresolve.agreements.outcomes import case_record_outcome
from sendresolve.cases import services
from sendresolve.cases.models import Case, DecisionLetter, Participant
from tests.agreements.conftest import hold_meeting
from tests.agreements.test_plans import agree_all, draft
from tests.factories import mediation_case, organisation, person
from tests.meetings.conftest import Ready, make_ready

SECRET_NOTE = "Parent disclosed something in confidence ZQX-41"


@pytest.fixture
def files_in(settings, tmp_path):
    """Uploads and issued documents go to a folder of the test's own."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    return tmp_path


def provider_staff(role: str = Role.ADMINISTRATOR, provider=None) -> User:
    """A service manager or administrator of the provider (its own organisation unless given)."""
    return person(role, provider or organisation(OrganisationKind.PROVIDER), totp=True)


def attach_letter(case: Case, name: str = "decision-letter.pdf", content: bytes = b"%PDF-1.4 the LA's letter"):
    """The decision letter a family sends with an online request (set-up: stored as the request would store it)."""
    letter = DecisionLetter(case=case, original_name=name, content_type="application/pdf", size=len(content))
    letter.file.save("letter", ContentFile(content), save=True)
    return letter


def agreed_case(*, family_email: str = "sarah.collins@example.test") -> Ready:
    """A held mediation whose plan every party agreed, the EP visit done with a report, and a confidential note."""
    held = hold_meeting(make_ready(family_email=family_email))
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    notes.note_add(acting_user=held.mediator.user, case=held.case, kind="note", text=SECRET_NOTE)
    visit = held.case.deadlines.filter(rule="T11", plan_action__isnull=False).get()
    followup.duty_mark_done(acting_user=held.la_officer, case=held.case, action_id=visit.plan_action_id,
                            rule="T11", note="Dr Shah visited", evidence=SimpleUploadedFile(
                                "ep-report.pdf", b"%PDF-1.4 the EP's report", content_type="application/pdf"))
    return held


def finish(ready: Ready) -> Case:
    """The outcome, the certificate and closure of an agreed case."""
    case = case_record_outcome(acting_user=ready.officer, case=ready.case, outcome="agreed_in_full",
                               concluded_on=timezone.localdate())
    services.certificate_issue(acting_user=ready.officer, case=case)
    case.refresh_from_db()
    return services.case_close(acting_user=ready.officer, case=case, on=timezone.localdate())


def old_closed_case(*, family_email: str, family_name: str = "Nadia Okoro", child: str = "Femi Okoro") -> Case:
    """A case that declined mediation a year ago: certificate issued, appeal window over, closed, nothing owed."""
    today = timezone.localdate()
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(acting_user=officer, family_email=family_email, sent_on=today - timedelta(days=400),
                          contacted_on=today - timedelta(days=390))
    Case.objects.filter(pk=case.pk).update(child_name=child)
    Participant.objects.filter(case=case, role=Participant.Role.RIGHTS_HOLDER).update(name=family_name)
    User.objects.filter(participations__case=case).update(full_name=family_name)
    case = services.case_give_adviser_information(acting_user=officer, case=Case.objects.get(pk=case.pk),
                                                  given_on=today - timedelta(days=389), method="phone",
                                                  notes=f"Talked to {family_name} about {child}'s options")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=today - timedelta(days=388))
    services.certificate_issue(acting_user=officer, case=case, issued_on=today - timedelta(days=387))
    case.refresh_from_db()
    return services.case_close(acting_user=officer, case=case, on=today - timedelta(days=380))


@dataclass
class Opened:
    """An export's ZIP, opened: every file read as what it is."""

    names: list[str]
    data: dict
    summary: str
    files: dict[str, bytes]
    raw: bytes


def open_export(content: bytes) -> Opened:
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None, "a file in the ZIP is damaged"
    names = archive.namelist()
    for name in names:
        assert not name.startswith("/") and ".." not in name.split("/"), f"{name} would unpack outside the folder"
    data = json.loads(archive.read("data.json"))
    pdf = archive.read("summary.pdf")
    assert pdf.startswith(b"%PDF-")
    summary = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    files = {name: archive.read(name) for name in names if name.startswith("files/")}
    return Opened(names, data, " ".join(summary.split()), files, content)
