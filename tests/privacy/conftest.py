"""Shared set-up of the retention tests: stored files in a folder of the test's own, and a case that went the whole
way (meeting held, plan agreed, an action done with evidence, certificate issued, closed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sendresolve.cases.models import Case
from sendresolve.core.timezones import LONDON


@pytest.fixture
def stored_files(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    return tmp_path


def at(day, hour: int = 12) -> datetime:
    """A moment on `day` in England."""
    return datetime.combine(day, time(hour), tzinfo=LONDON)


@dataclass
class Finished:
    case: Case
    ready: object  # tests.meetings.conftest.Ready


def finish_a_case(*, documents: bool = True) -> Finished:
    """A mediation that went the whole way, closed today: meeting held, child's views recorded, plan agreed by both
    parties, both actions done with evidence, certificate issued, a decision letter on file, confidential notes,
    e-mails in the outbox; with `documents`, the certificate and the plan's PDF rendered and stored."""
    from sendresolve.agreements import followup, notes, plans
    from sendresolve.agreements.issued import plan_document
    from sendresolve.agreements.outcomes import case_record_outcome
    from sendresolve.cases import services
    from sendresolve.cases.issued import certificate_document
    from sendresolve.cases.models import DecisionLetter
    from tests.agreements.conftest import hold_meeting
    from tests.agreements.test_plans import agree_all, draft
    from tests.meetings.conftest import make_ready

    ready = hold_meeting(make_ready())
    officer, case = ready.officer, ready.case
    DecisionLetter.objects.create(case=case, file=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter"),
                                  original_name="Sam Collins decision.pdf", content_type="application/pdf", size=15)
    notes.note_add(acting_user=ready.mediator.user, case=case, kind="note", text="Sarah is worried about Year 7")
    plan = agree_all(ready, plans.plan_send(acting_user=ready.mediator.user, plan=draft(ready), revision=1))
    if documents:
        plan_document(plan, "pdf")
    for deadline in case.deadlines.filter(plan_action__isnull=False):
        evidence = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report about Sam", content_type="application/pdf")
        followup.duty_mark_done(acting_user=ready.la_officer, case=case, action_id=deadline.plan_action_id,
                                rule=deadline.rule, note="Dr Shah saw Sam on Tuesday", evidence=evidence)
    today = timezone.localdate()
    case = case_record_outcome(acting_user=officer, case=case, outcome="agreed_in_full", concluded_on=today,
                               reason="Sarah and the LA agreed the therapy")
    certificate = services.certificate_issue(acting_user=officer, case=case)
    if documents:
        certificate_document(certificate)
    case = services.case_close(acting_user=officer, case=case, on=today)
    _every_other_kind_of_row(ready, case)
    return Finished(case=case, ready=ready)


def _every_other_kind_of_row(ready, case: Case) -> None:
    """Set-up: the rows a case can have that this journey did not make (the services that make them refuse a closed
    case), written directly, with words about the family in them, so every entry that follows a case has rows."""
    from datetime import timedelta

    from sendresolve.accounts.roles import OrganisationKind
    from sendresolve.agreements.models import FollowUpNotice
    from sendresolve.cases.models import CaseParty
    from sendresolve.mediators.models import Objection
    from sendresolve.meetings.models import (
        AttendanceDecision,
        AvailabilityAnswer,
        AvailabilityRequest,
        MeetingChange,
        Reminder,
    )
    from sendresolve.privacy.holds import legal_hold_lift, legal_hold_set
    from tests.factories import organisation, person

    today, family = timezone.localdate(), case.participants.get(role="rights_holder")
    round_ = AvailabilityRequest.objects.create(case=case, requested_by=ready.officer, first_day=today,
                                                last_day=today + timedelta(days=9))
    AvailabilityAnswer.objects.create(request=round_, participant=family, answered_by=ready.parent,
                                      slots=[["2026-12-07T10:00", "2026-12-07T13:00"]], answered_at=timezone.now())
    meeting = case.meetings.get()
    MeetingChange.objects.create(meeting=meeting, kind="moved", party="family", previous_start=meeting.start,
                                 reason="Sam had a hospital appointment", changed_by=ready.officer)
    Reminder.objects.create(meeting=meeting, kind="5_working_days", sequence=0)
    AttendanceDecision.objects.create(participant=family, method="all_parties", allowed=True, decided_by=ready.officer,
                                      parties_consulted="Sarah and the LA agreed", reason="Sarah cares for Sam")
    Objection.objects.create(allocation=case.allocations.get(), raised_by=ready.parent, party="The family",
                             reason="Sarah met him at Sam's school", decision="not_upheld",
                             decision_reason="He has never worked there")
    FollowUpNotice.objects.create(case=case, rule="T11", step="reminder", due=today)
    CaseParty.objects.create(case=case, organisation=organisation(OrganisationKind.ICB))
    administrator = person("administrator")
    legal_hold_set(acting_user=administrator, case=case, reason="Sarah Collins's complaint")
    legal_hold_lift(acting_user=administrator, case=case, reason="Sarah's complaint answered")


def entry(key: str):
    from sendresolve.privacy.retention_table import TABLE

    return next(item for item in TABLE if item.key == key)


def closed_case(*, on, **case_fields) -> Case:
    """A mediation whose family wanted no mediation: certificate issued, closed on `on`."""
    from sendresolve.cases import services
    from tests.factories import mediation_case, person

    officer = person("case_officer")
    case = mediation_case(acting_user=officer, **case_fields)
    today = timezone.localdate()
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=today)
    services.certificate_issue(acting_user=officer, case=case)
    return services.case_close(acting_user=officer, case=case, on=on)


def hold(case: Case, reason: str = "Tribunal appeal lodged"):
    from sendresolve.privacy.holds import legal_hold_set
    from tests.factories import person

    return legal_hold_set(acting_user=person("administrator"), case=case, reason=reason)


def frozen(moment: datetime):
    """The clock held at `moment` for whatever the set-up writes (its `auto_now_add` times included)."""
    from unittest import mock

    return mock.patch("django.utils.timezone.now", return_value=moment)
