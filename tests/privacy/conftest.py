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


def finish_a_case(*, agreed_weeks_done_late: bool = False) -> Finished:
    """A mediation that went the whole way, closed today: meeting held, child's views recorded, plan agreed by both
    parties, both actions done (one with evidence), certificate issued and stored, plan PDF stored, a decision
    letter on file, an objection to a first mediator, confidential notes, outbox messages."""
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
    plan_document(plan, "pdf")
    for deadline in case.deadlines.filter(plan_action__isnull=False):
        evidence = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report about Sam", content_type="application/pdf")
        followup.duty_mark_done(acting_user=ready.la_officer, case=case, action_id=deadline.plan_action_id,
                                rule=deadline.rule, note="Dr Shah saw Sam on Tuesday", evidence=evidence)
    today = timezone.localdate()
    case = case_record_outcome(acting_user=officer, case=case, outcome="agreed_in_full", concluded_on=today,
                               reason="Sarah and the LA agreed the therapy")
    certificate = services.certificate_issue(acting_user=officer, case=case)
    certificate_document(certificate)
    case = services.case_close(acting_user=officer, case=case, on=today)
    return Finished(case=case, ready=ready)


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
