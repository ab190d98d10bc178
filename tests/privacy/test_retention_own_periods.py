"""Each retention entry with a period of its own, as of a given moment (the clock held still by passing `now`):
one record just inside its period is kept, one just past it is deleted or cleared, and nothing else is touched;
rows about a case under a legal hold are kept; stored files go once the rows' removal commits."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sendresolve.agreements.models import ConfidentialNote
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.cases.models import UnsentLetter
from sendresolve.core.timezones import LONDON
from sendresolve.mediators.models import AvailabilitySlot
from sendresolve.meetings.models import ChildViewsSteps
from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.tasks import deliver_email
from sendresolve.privacy.retention import entry_apply
from sendresolve.privacy.retention_other import REMOVED, SIGN_IN_CODE_SUBJECTS
from tests.factories import mediator, person
from tests.privacy.conftest import at, closed_case, entry, frozen, hold

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = at(TODAY, 12)
SECOND = timedelta(seconds=1)


def midnight(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def test_letters_of_requests_never_sent_go_24_hours_after_upload_with_their_files(
        stored_files, django_capture_on_commit_callbacks):
    letters = {}
    for name, uploaded in (("gone", NOW - timedelta(hours=24)), ("kept", NOW - timedelta(hours=24) + SECOND)):
        letter = UnsentLetter(original_name=name, content_type="application/pdf", size=4)
        letter.file.save("letter", ContentFile(b"%PDF"), save=True)
        UnsentLetter.objects.filter(pk=letter.pk).update(uploaded_at=uploaded)
        letters[name] = letter
    with django_capture_on_commit_callbacks(execute=True):
        assert entry_apply(entry("unsent_letters"), now=NOW) == 1
    assert list(UnsentLetter.objects.values_list("original_name", flat=True)) == ["kept"]
    assert not (stored_files / letters["gone"].file.name).exists()
    assert (stored_files / letters["kept"].file.name).exists()


def test_sessions_go_once_expired():
    for key, expires in (("gone", NOW), ("kept", NOW + SECOND)):
        Session.objects.create(session_key=key * 8, session_data="answers: child's name", expire_date=expires)
    assert entry_apply(entry("sessions"), now=NOW) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["kept" * 8]


def _email(subject: str, **fields) -> OutboundEmail:
    number = OutboundEmail.objects.count()
    message = OutboundEmail.objects.create(message_id=f"<{subject}-{number}@test>", to="sarah@example.test",
                                           subject=subject, body_text="Sam's meeting is on Tuesday",
                                           attachments=[{"filename": "invite.ics", "content": "BEGIN"}])
    OutboundEmail.objects.filter(pk=message.pk).update(**fields)
    return message


def _cleared(message: OutboundEmail) -> bool:
    message.refresh_from_db()
    return message.body_text == REMOVED and message.body_html == "" and message.attachments == []


def test_sign_in_codes_are_cleared_24_hours_after_they_were_written_whoever_sent_them():
    from allauth.account.adapter import get_adapter

    from sendresolve.cases.intake_services import family_request_send_code

    request = RequestFactory().post("/request/check/")
    request.session = {}
    family_request_send_code(request=request, email="sarah@example.test")
    get_adapter().send_mail("account/email/login_code", "sarah@example.test", {"code": "123456"})
    codes = list(OutboundEmail.objects.all())
    assert len(codes) == 2 and all(code.subject.endswith(SIGN_IN_CODE_SUBJECTS) for code in codes)
    OutboundEmail.objects.update(created_at=NOW - timedelta(hours=24))
    young = _email("Your sign-in code", created_at=NOW - timedelta(hours=24) + SECOND)
    other = _email("Your meeting", created_at=NOW - timedelta(days=3))
    assert entry_apply(entry("sign_in_codes"), now=NOW) == 2
    assert all(_cleared(code) for code in codes)
    assert not _cleared(young) and not _cleared(other)
    assert entry_apply(entry("sign_in_codes"), now=NOW) == 0  # done once


def test_e_mail_bodies_are_cleared_90_days_after_sending_and_the_row_stays():
    last_day_gone = TODAY - timedelta(days=90)
    sent = _email("Notice", status="sent", sent_at=midnight(last_day_gone + timedelta(days=1)) - SECOND)
    failed = _email("Notice", status="failed", created_at=midnight(last_day_gone + timedelta(days=1)) - SECOND)
    recent = _email("Notice", status="sent", sent_at=midnight(last_day_gone + timedelta(days=1)))
    waiting = _email("Notice", status="pending", created_at=NOW - timedelta(days=400))
    assert entry_apply(entry("outbox_bodies"), now=NOW) == 2
    assert _cleared(sent) and _cleared(failed) and not _cleared(recent) and not _cleared(waiting)
    sent.refresh_from_db()
    assert sent.status == "sent" and sent.to == "sarah@example.test" and sent.subject == "Notice"
    assert entry_apply(entry("outbox_bodies"), now=NOW) == 0


def test_e_mail_records_are_deleted_6_years_after_they_were_written_but_never_one_still_to_send():
    from sendresolve.clock.retention import RetentionPeriod, RetentionUnit, earliest_kept

    first_kept = earliest_kept(TODAY, RetentionPeriod(6, RetentionUnit.YEARS))
    _email("gone", status="sent", created_at=midnight(first_kept) - SECOND)
    _email("kept", status="sent", created_at=midnight(first_kept))
    _email("waiting", status="pending", created_at=midnight(first_kept) - timedelta(days=30))
    assert entry_apply(entry("outbox_records"), now=NOW) == 1
    assert sorted(OutboundEmail.objects.values_list("subject", flat=True)) == ["kept", "waiting"]


def test_finished_task_results_are_deleted_after_7_days_and_waiting_or_running_ones_never():
    def result(status, finished):
        task = deliver_email.enqueue("")
        DBTaskResult.objects.filter(pk=task.id).update(status=status, finished_at=finished)
        return str(task.id)

    boundary = midnight(TODAY - timedelta(days=6))
    gone = [result("SUCCESSFUL", boundary - SECOND), result("FAILED", boundary - SECOND)]
    kept = [result("SUCCESSFUL", boundary), result("RUNNING", None), result("READY", None)]
    DBTaskResult.objects.filter(pk__in=kept[1:]).update(enqueued_at=NOW - timedelta(days=30))
    assert entry_apply(entry("task_results"), now=NOW) == 2
    assert {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)} == set(kept)
    assert not set(gone) & {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}


def test_audit_entries_and_the_admin_s_log_go_after_6_years_except_about_a_held_case():
    from sendresolve.clock.retention import RetentionPeriod, RetentionUnit, earliest_kept

    first_kept = midnight(earliest_kept(TODAY, RetentionPeriod(6, RetentionUnit.YEARS)))
    held_case = closed_case(on=TODAY)
    hold(held_case)
    officer = person("case_officer")
    with frozen(first_kept - SECOND):
        old = audit_record(actor=officer, action="view", target=officer, summary="gone")
        about_held = audit_record(actor=officer, action="view", target=held_case, summary="held")
    with frozen(first_kept):
        young = audit_record(actor=officer, action="view", target=officer, summary="kept")
    before = AuditEvent.objects.count()
    assert entry_apply(entry("audit_log"), now=NOW) == 1  # on PostgreSQL, through the trigger's retention path
    assert AuditEvent.objects.count() == before - 1 and not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk__in=[young.pk, about_held.pk]).count() == 2
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():  # no other way out
        AuditEvent.objects.filter(pk=young.pk).update(summary="changed")
    if connection.vendor == "postgresql":  # (SQLite's trigger refuses updates only)
        with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
            AuditEvent.objects.filter(pk=young.pk).delete()

    content_type = ContentType.objects.get_for_model(officer)
    for name, moment in (("gone", first_kept - SECOND), ("kept", first_kept)):
        LogEntry.objects.create(user=officer, content_type=content_type, object_id=str(officer.pk),
                                object_repr=name, action_flag=ADDITION, action_time=moment)
    assert entry_apply(entry("admin_log"), now=NOW) == 1
    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == ["kept"]


def test_a_mediator_s_past_times_go_30_days_after_they_end():
    profile = mediator()
    boundary = midnight(TODAY - timedelta(days=29))
    for end in (boundary - SECOND, boundary):
        AvailabilitySlot.objects.create(mediator=profile, start=end - timedelta(hours=3), end=end)
    assert entry_apply(entry("mediator_times"), now=NOW) == 1
    assert AvailabilitySlot.objects.get().end == boundary


def test_confidential_notes_go_30_days_after_closure_unless_the_case_is_held():
    gone, kept, held = (closed_case(on=TODAY - timedelta(days=30)), closed_case(on=TODAY - timedelta(days=29)),
                        closed_case(on=TODAY - timedelta(days=30)))
    hold(held)
    author = person("mediator")
    for case in (gone, kept, held):
        ConfidentialNote.objects.create(case=case, text="Sarah is worried", author=author)
        ChildViewsSteps.objects.create(case=case, steps="Sam's teacher read his views", recorded_by=author)
    assert entry_apply(entry("confidential_notes"), now=NOW) == 1
    assert set(ConfidentialNote.objects.values_list("case", flat=True)) == {kept.pk, held.pk}
    assert entry_apply(entry("child_views_steps"), now=NOW) == 0  # kept with the case unless a period is set
    assert ChildViewsSteps.objects.count() == 3
