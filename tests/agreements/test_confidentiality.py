"""The mediator's notes and the child's views: the allocated mediator alone reads them; they are in no PDF,
Word file or other page; after the retention period they are gone and the audit log says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from sendresolve.agreements import notes, plans
from sendresolve.agreements.documents import plan_docx, plan_pdf
from sendresolve.agreements.models import ConfidentialNote
from sendresolve.audit.models import AuditEvent
from sendresolve.meetings.models import ChildViewsSteps
from tests.agreements.test_plans import agree_all, draft
from tests.factories import person, signed_in_with_mfa

pytestmark = pytest.mark.django_db
SECRET = "Father became upset when the SENCO spoke; possible safeguarding follow-up ZQX-7731"
CHILD = "Sam says the dinner hall is too loud and he hides in the toilets ZQX-7732"


@pytest.fixture
def with_notes(held):
    notes.note_add(acting_user=held.mediator.user, case=held.case, kind="note", text=SECRET)
    notes.note_add(acting_user=held.mediator.user, case=held.case, kind="child_views", text=CHILD)
    return held


def test_only_the_allocated_mediator_reads_the_notes(client, with_notes):
    held = with_notes
    admin = person("administrator", totp=True)
    url = f"/cases/{held.case.reference}/notes/"
    for user in (held.officer, held.la_officer, held.decision_maker, admin, held.parent):
        with pytest.raises(Http404):
            notes.notes_for(user, held.case)
        response = signed_in_with_mfa(client, user).get(url)
        assert response.status_code == 404, user
        assert "ZQX-773" not in response.content.decode()
        client.logout()
    page = signed_in_with_mfa(client, held.mediator.user).get(url).content.decode()
    assert "ZQX-7731" in page and "ZQX-7732" in page


def test_the_notes_are_in_no_document_and_no_other_page(client, with_notes):
    held = with_notes
    plan = agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    for document in (plan_pdf(plan), plan_docx(plan)):
        assert b"ZQX-773" not in document
    import subprocess

    text = subprocess.run(["pdftotext", "-", "-"], input=plan_pdf(plan), capture_output=True, check=True).stdout
    assert b"ZQX-773" not in text and b"educational psychologist" in text
    for user in (held.officer, held.mediator.user, held.parent):
        client = signed_in_with_mfa(client, user)
        for path in ("", "plan/", "duties/", "people/", "outcome/"):
            response = client.get(f"/cases/{held.case.reference}/{path}")
            assert "ZQX-773" not in response.content.decode(), (user, path)
        client.logout()


def test_the_notes_are_destroyed_after_the_retention_period_and_the_audit_log_says_so(with_notes, settings):
    from sendresolve.agreements.outcomes import case_record_outcome
    from sendresolve.cases import services
    from sendresolve.privacy.retention import retention_run_daily

    held = with_notes
    settings.CONFIDENTIAL_NOTES_RETENTION_DAYS = 30
    case = case_record_outcome(acting_user=held.officer, case=held.case, outcome="not_agreed",
                               concluded_on=timezone.localdate())
    services.certificate_issue(acting_user=held.officer, case=case)
    services.case_close(acting_user=held.officer, case=case, on=timezone.localdate())
    retention_run_daily(now=_noon(timezone.localdate() + timedelta(days=29)))  # the retention table's daily run
    assert ConfidentialNote.objects.filter(case=case).count() == 2
    run = retention_run_daily(now=_noon(timezone.localdate() + timedelta(days=30)))
    assert not ConfidentialNote.objects.filter(case=case).exists()
    # The record of the steps taken to hear the child is evidence the duty was met: kept with the case (L12).
    assert ChildViewsSteps.objects.filter(case=case).exists()
    entry = AuditEvent.objects.get(action=AuditEvent.Action.DESTROY, target_id=str(run.pk))
    assert "agreements.ConfidentialNote deleted 2" in entry.summary and "ZQX" not in entry.summary


def _noon(day):
    from datetime import datetime, time

    from sendresolve.core.timezones import LONDON

    return datetime.combine(day, time(12), tzinfo=LONDON)


def test_a_newly_allocated_mediator_reads_only_their_own_notes_and_only_after_declaring(client):
    from sendresolve.mediators import services as mediator_services
    from tests.factories import mediator
    from tests.meetings.conftest import make_ready

    ready = make_ready()
    first = ready.mediator
    notes.note_add(acting_user=first.user, case=ready.case, kind="note", text=SECRET)
    objection = mediator_services.objection_raise(acting_user=ready.parent, allocation=ready.case.allocations.get(),
                                                  reason="We met him at a school event")
    mediator_services.objection_decide(acting_user=ready.officer, objection=objection, upheld=True,
                                       reason="Upheld to keep confidence")
    second = mediator(name="Grace Lin")
    allocation = mediator_services.allocation_create(acting_user=ready.officer, case=ready.case, mediator=second)
    url = f"/cases/{ready.case.reference}/notes/"
    with pytest.raises(Http404):
        notes.notes_for(second.user, ready.case)  # allocated, not yet declared independent
    assert signed_in_with_mfa(client, second.user).get(url).status_code == 404
    mediator_services.allocation_declare(acting_user=second.user, allocation=allocation, knows_family=False,
                                         has_link=False)
    page = client.get(url)
    assert page.status_code == 200 and "ZQX-7731" not in page.content.decode()
    notes.note_add(acting_user=second.user, case=ready.case, kind="note", text="Grace's own note QQ-1")
    assert [n.text for n in notes.notes_for(second.user, ready.case)] == ["Grace's own note QQ-1"]
    with pytest.raises(Http404):
        notes.notes_for(first.user, ready.case)  # off the case: nothing, not even their own
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=second.user,
                                      summary__startswith="Read their own confidential notes")
    assert reads.count() == 2 and reads.filter(path=url).count() == 1


def test_the_steps_taken_to_hear_the_child_are_destroyed_only_when_a_period_is_set(with_notes, settings):
    from sendresolve.agreements.outcomes import case_record_outcome
    from sendresolve.cases import services
    from sendresolve.privacy.retention import entry_apply
    from sendresolve.privacy.retention_table import TABLE

    held = with_notes
    case = case_record_outcome(acting_user=held.officer, case=held.case, outcome="not_agreed",
                               concluded_on=timezone.localdate())
    services.certificate_issue(acting_user=held.officer, case=case)
    services.case_close(acting_user=held.officer, case=case, on=timezone.localdate())
    later = _noon(timezone.localdate() + timedelta(days=400))
    steps = next(entry for entry in TABLE if entry.key == "child_views_steps")
    assert entry_apply(steps, now=later) == 0
    assert ChildViewsSteps.objects.filter(case=case).exists()  # kept with the case by default
    settings.CHILD_VIEWS_STEPS_RETENTION_DAYS = 365
    assert entry_apply(steps, now=later) == 1
    assert not ChildViewsSteps.objects.filter(case=case).exists()
