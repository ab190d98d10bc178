"""Every page that shows a case's personal data, and every list of it, writes who read it to the audit log; none of
them may be kept by a browser or proxy cache."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sendresolve.agreements import followup, plans
from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from tests.agreements.conftest import hold_meeting
from tests.agreements.test_plans import agree_all, draft
from tests.factories import person, signed_in_with_mfa
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed():
    held = hold_meeting(make_ready())
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    action = held.case.deadlines.filter(rule="T11", plan_action__isnull=False).get()
    followup.duty_mark_done(acting_user=held.la_officer, case=held.case, action_id=action.plan_action_id,
                            rule="T11", note="Visited", evidence=SimpleUploadedFile(
                                "report.pdf", b"%PDF-1.4 report", content_type="application/pdf"))
    return held


def _reads(agreed):
    case = agreed.case
    ref = case.reference
    update = action_update(agreed)
    officer, mediator, la, parent = agreed.officer, agreed.mediator.user, agreed.la_officer, agreed.parent
    return [
        (officer, "/cases/"), (officer, f"/cases/{ref}/"), (officer, f"/cases/{ref}/people/"),
        (officer, f"/cases/{ref}/mediator/"), (officer, f"/cases/{ref}/outcome/"),
        (officer, f"/cases/{ref}/duties/"), (officer, "/mediators/register/"),
        (mediator, f"/cases/{ref}/plan/"), (mediator, f"/cases/{ref}/notes/"), (mediator, "/mediators/"),
        (mediator, f"/mediators/cases/{ref}/declare/"),
        (la, f"/cases/{ref}/attendee/"), (la, f"/cases/{ref}/mediator/object/"), (la, f"/cases/{ref}/plan/v1.pdf"),
        (la, f"/cases/{ref}/duties/evidence/{update.pk}/"),
        (parent, f"/cases/{ref}/"), (parent, f"/cases/{ref}/plan/"), (parent, f"/cases/{ref}/plan/v1.docx"),
        (person("administrator", totp=True), "/audit/"),
    ]


def action_update(agreed):
    from sendresolve.agreements.models import DutyUpdate

    return DutyUpdate.objects.filter(action__plan__case=agreed.case).exclude(evidence="").get()


def test_every_read_is_audited_once_with_its_page_and_never_cached(agreed):
    for user, url in _reads(agreed):
        client = signed_in_with_mfa(Client(), user)
        before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=user, path=url).count()
        response = client.get(url)
        assert response.status_code == 200, url
        after = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=user, path=url).count()
        assert after - before >= 1, f"reading {url} as {user} was not audited"
        cache = response.headers.get("Cache-Control", "")
        assert "no-store" in cache and "private" in cache, (url, cache)


def test_a_refused_read_is_not_recorded_as_a_read(agreed):
    outsider = person("la_officer", totp=True)
    client = signed_in_with_mfa(Client(), outsider)
    assert client.get(f"/cases/{agreed.case.reference}/").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=outsider).exists()


def test_the_public_pages_are_not_cached_either_but_static_files_are(client):
    for url in ("/", "/request/who/", "/verify/"):
        assert "no-store" in client.get(url).headers["Cache-Control"], url
    static = client.get("/static/govuk/govuk-frontend.min.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")


def test_staff_pages_with_a_certificate_are_audited_as_downloads(agreed):
    from django.utils import timezone

    from sendresolve.agreements.outcomes import case_record_outcome

    case = case_record_outcome(acting_user=agreed.officer, case=agreed.case, outcome="agreed_in_full",
                               concluded_on=timezone.localdate())
    certificate = services.certificate_issue(acting_user=agreed.officer, case=case)
    url = f"/cases/{case.reference}/certificates/{certificate.number}.pdf"
    response = signed_in_with_mfa(Client(), agreed.parent).get(url)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(actor=agreed.parent, action="view", path=url).count() == 1
