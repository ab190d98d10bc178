"""Item 5 of issue 13, an operator sees failures (ADR 18): a message forced to fail shows in the read-only admin, on
the service managers' page (which sends it again, or records how it was dealt with), in /healthz (503 when it is a
statutory notice), in the service managers' daily e-mail, and on its case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from sendresolve.accounts.roles import Role
from sendresolve.audit.models import AuditEvent
from sendresolve.core.refusals import Refused
from sendresolve.notifications.models import FailureReport, OutboundEmail
from sendresolve.notifications.services import email_enqueue
from sendresolve.portal.outbox import email_mark_dealt_with, email_retry, outbox_report_failures
from tests.factories import person, signed_in_with_mfa
from tests.notifications.outbox_world import a_worker_is_alive, deliver, force_failure, la_notice_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def hold_clock(monkeypatch):
    """Holds the service's clock (`timezone.now`) at the moment given, until called again."""

    def hold(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return hold


def test_a_failed_message_is_in_the_read_only_admin_with_its_body_and_a_retry(client, mailoutbox):
    _, notice = la_notice_case()
    force_failure(notice)
    delivered = deliver(email_enqueue(to="family@example.test", subject="Your dates", body_text="Hello"))
    administrator = person(Role.ADMINISTRATOR)
    signed_in_with_mfa(client, administrator)
    failed_only = client.get("/admin/notifications/outboundemail/?status__exact=failed").content.decode()
    assert notice.subject in failed_only and "Could not be sent" in failed_only and "No such user" in failed_only
    assert delivered.subject not in failed_only
    assert delivered.subject in client.get("/admin/notifications/outboundemail/").content.decode()  # all of them

    url = f"/admin/notifications/outboundemail/{notice.pk}/change/"
    page = client.get(url).content.decode()
    assert escape(notice.body_text.splitlines()[0]) in page  # the body, for an administrator
    assert notice.to in page and "SMTPRecipientsRefused" in page
    assert 'name="_save"' not in page  # read-only: nothing to save
    assert client.post(url, {"subject": "Changed"}).status_code == 403
    assert OutboundEmail.objects.get(pk=notice.pk).subject == notice.subject
    assert AuditEvent.objects.filter(actor=administrator, summary="Viewed an e-mail in the admin").count() == 1

    answer = client.post("/admin/notifications/outboundemail/", {
        "action": "send_again", "_selected_action": [str(notice.pk), str(delivered.pk)]}, follow=True)
    shown = answer.content.decode()
    assert "1 e-mail will be sent again" in shown and "The mail server accepted this message already" in shown
    notice.refresh_from_db()
    assert notice.status == OutboundEmail.Status.PENDING and notice.attempts == 0
    assert OutboundEmail.objects.get(pk=delivered.pk).status == OutboundEmail.Status.SENT
    assert AuditEvent.objects.filter(actor=administrator, target_id=str(notice.pk),
                                     summary="Asked for the e-mail to be sent again").count() == 1


def test_the_admin_of_the_outbox_is_for_administrators_alone(client):
    manager = person(Role.SERVICE_MANAGER)
    signed_in_with_mfa(client, manager)
    assert client.get("/admin/notifications/outboundemail/").status_code == 404
    client.logout()
    signed_in_with_mfa(client, person(Role.ADMINISTRATOR))
    assert client.get("/admin/notifications/outboundemail/").status_code == 200  # positive control


def test_healthz_counts_failures_and_answers_503_while_a_statutory_notice_is_undelivered(client):
    a_worker_is_alive()
    healthy = client.get("/healthz")
    assert healthy.status_code == 200
    assert healthy.json()["failed_messages"] == 0 and healthy.json()["oldest_unsent_age_s"] == 0
    force_failure(email_enqueue(to="family@example.test", subject="Your dates", body_text="..."))
    one_failed = client.get("/healthz")
    assert one_failed.status_code == 200  # positive control: a message that is no notice does not fail the check
    assert one_failed.json()["failed_messages"] == 1 and one_failed.json()["statutory_notices_undelivered"] == 0

    _, notice = la_notice_case()
    force_failure(notice)
    a_worker_is_alive()
    unhealthy = client.get("/healthz")
    assert unhealthy.status_code == 503
    assert unhealthy.json()["failed_messages"] == 2
    assert unhealthy.json()["statutory_notices_undelivered"] == 1
    assert unhealthy.json()["outbox"] == "a statutory notice was not delivered"
    assert "sen@la.example" not in unhealthy.content.decode()  # the page is public: counts, never addresses

    email_mark_dealt_with(acting_user=person(Role.SERVICE_MANAGER), message_id=notice.pk,
                          resolution="Phoned the LA's SEN team and sent the notice by post")
    assert client.get("/healthz").status_code == 200


def test_healthz_says_how_long_the_oldest_unsent_message_has_waited(client, hold_clock):
    written = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    hold_clock(written)
    email_enqueue(to="family@example.test", subject="Your dates", body_text="...")
    hold_clock(written + timedelta(seconds=30))
    deliver(email_enqueue(to="la@example.test", subject="Sent at once", body_text="..."))
    hold_clock(written + timedelta(seconds=95))
    a_worker_is_alive()
    assert client.get("/healthz").json()["oldest_unsent_age_s"] == 95


def _manager_with_failures(count: int):
    """`count` messages that failed, written a second apart, the last a minute ago (set-up: how they failed is
    the other tests' business)."""
    messages = [email_enqueue(to=f"p{n}@example.test", subject=f"Message {n}", body_text="...")
                for n in range(count)]
    first = timezone.now() - timedelta(seconds=60 + count)
    for n, message in enumerate(messages):
        OutboundEmail.objects.filter(pk=message.pk).update(
            status=OutboundEmail.Status.FAILED, attempts=8, last_error="SMTPRecipientsRefused: 550 No such user",
            created_at=first + timedelta(seconds=n))
    return messages


def test_the_daily_e_mail_lists_failures_once_a_day_to_the_service_managers(hold_clock):
    manager, other_manager = person(Role.SERVICE_MANAGER), person(Role.SERVICE_MANAGER)
    person(Role.CASE_OFFICER)
    morning = datetime(2026, 12, 7, 7, 30, tzinfo=UTC)  # 7:30 in London, before OUTBOX_REPORT_HOUR (8)
    hold_clock(morning)
    assert outbox_report_failures() == 0  # nothing fails yet
    _, notice = la_notice_case()
    force_failure(notice)
    stuck = email_enqueue(to="slow@example.test", subject="Still waiting", body_text="...")
    OutboundEmail.objects.filter(pk=stuck.pk).update(created_at=morning - timedelta(hours=2))
    assert outbox_report_failures() == 0  # too early in the day

    hold_clock(morning + timedelta(minutes=40))  # 8:10 in London
    assert outbox_report_failures() == 2  # one e-mail to each service manager
    reports = OutboundEmail.objects.filter(subject="2 e-mails need attention (7 December 2026)")
    assert sorted(reports.values_list("to", flat=True)) == sorted([manager.email, other_manager.email])
    body = reports.first().body_text
    assert f"“{notice.subject}”" in body or f'"{notice.subject}"' in body
    assert "a notice the law requires: The LA was not told" in body and "The address bounced" not in body
    assert '"Still waiting"' in body and "/messages/" in body
    assert "sen@la.example" not in body  # addresses stay behind the sign-in

    # Every sweep of the day, by any worker, after that: nothing more, whatever else fails.
    force_failure(email_enqueue(to="another@example.test", subject="Later", body_text="..."))
    hold_clock(morning + timedelta(hours=10))
    assert outbox_report_failures() == 0
    assert FailureReport.objects.count() == 1 and OutboundEmail.objects.filter(
        subject__endswith="need attention (7 December 2026)").count() == 2
    hold_clock(morning + timedelta(days=1, hours=1))  # the next day: the list again (positive control)
    assert outbox_report_failures() == 2


def test_the_daily_e_mail_is_not_sent_when_another_worker_sent_today_s(hold_clock):
    person(Role.SERVICE_MANAGER)
    _manager_with_failures(1)
    hold_clock(datetime(2026, 12, 7, 12, 0, tzinfo=UTC))
    FailureReport.objects.create(day=timezone.localdate(), listed=1)  # the other worker's, committed
    assert outbox_report_failures() == 0
    FailureReport.objects.all().delete()
    assert outbox_report_failures() == 1  # positive control


def test_the_service_managers_page_lists_what_needs_attention_a_page_at_a_time(client):
    manager = person(Role.SERVICE_MANAGER)
    failed = _manager_with_failures(30)
    delivered = deliver(email_enqueue(to="fine@example.test", subject="Delivered fine", body_text="..."))
    signed_in_with_mfa(client, manager)
    first = client.get("/messages/")
    assert first.status_code == 200
    shown = [m.subject for m in first.context["page"].items]
    assert len(shown) == 25 and shown[0] == "Message 29"  # newest first
    second = client.get("/messages/", {"after": first.context["page"].next_cursor})
    rest = [m.subject for m in second.context["page"].items]
    assert len(rest) == 5 and not set(rest) & set(shown)
    assert sorted(shown + rest) == sorted(m.subject for m in failed)
    assert delivered.subject not in first.content.decode() + second.content.decode()
    back = client.get("/messages/", {"before": second.context["page"].previous_cursor})
    assert [m.subject for m in back.context["page"].items] == shown
    assert client.get("/messages/", {"after": "1' OR 1=1"}).status_code == 400  # a marker no link makes
    with CaptureQueriesContext(connection) as few:
        client.get("/messages/", {"after": first.context["page"].next_cursor})
    _manager_with_failures(30)
    with CaptureQueriesContext(connection) as more:
        client.get("/messages/", {"after": first.context["page"].next_cursor})
    assert len(more) == len(few)


def test_only_service_managers_and_administrators_reach_the_page(client):
    _manager_with_failures(1)
    for role in (Role.CASE_OFFICER, Role.MEDIATOR, Role.LA_OFFICER, Role.FAMILY_MEMBER):
        client.logout()
        signed_in_with_mfa(client, person(role))
        assert client.get("/messages/").status_code == 404, role
        assert client.post("/messages/retry/", {"message": ""}).status_code == 404, role
    for role in (Role.SERVICE_MANAGER, Role.ADMINISTRATOR):  # positive control
        client.logout()
        signed_in_with_mfa(client, person(role))
        assert client.get("/messages/").status_code == 200, role


def test_send_again_from_the_page_is_a_post_that_is_audited(client):
    manager = person(Role.SERVICE_MANAGER)
    _, notice = la_notice_case()
    force_failure(notice)
    signed_in_with_mfa(client, manager)
    assert client.get("/messages/retry/").status_code == 405
    answer = client.post("/messages/retry/", {"message": str(notice.pk)}, follow=True)
    assert "will be sent again in a moment" in answer.content.decode()
    notice.refresh_from_db()
    assert notice.status == OutboundEmail.Status.PENDING and notice.attempts == 0
    assert notice.lease_until <= timezone.now()  # due now
    assert AuditEvent.objects.filter(actor=manager, target_id=str(notice.pk),
                                     summary="Asked for the e-mail to be sent again").exists()
    deliver(notice)
    refused = client.post("/messages/retry/", {"message": str(notice.pk)})
    assert refused.status_code == 400
    assert "The mail server accepted this message already" in refused.content.decode()


def test_a_retry_is_refused_with_its_reason_and_changes_nothing():
    manager = person(Role.SERVICE_MANAGER)
    delivered = deliver(email_enqueue(to="fine@example.test", subject="Fine", body_text="..."))
    bounced = email_enqueue(to="gone@example.test", subject="Gone", body_text="...")
    OutboundEmail.objects.filter(pk=bounced.pk).update(status=OutboundEmail.Status.BOUNCED, bounced_at=timezone.now())
    sending = email_enqueue(to="now@example.test", subject="Now", body_text="...")
    OutboundEmail.objects.filter(pk=sending.pk).update(status=OutboundEmail.Status.SENDING,
                                                       lease_until=timezone.now() + timedelta(seconds=60))
    before = list(OutboundEmail.objects.order_by("pk").values())
    with pytest.raises(Refused, match="accepted this message already"):
        email_retry(acting_user=manager, message_id=delivered.pk)
    with pytest.raises(Refused, match="This address bounced"):
        email_retry(acting_user=manager, message_id=bounced.pk)
    with pytest.raises(Refused, match="A worker is sending this message now"):
        email_retry(acting_user=manager, message_id=sending.pk)
    with pytest.raises(Refused, match="There is no such message"):
        email_retry(acting_user=manager, message_id="not-a-uuid")
    from django.core.exceptions import PermissionDenied

    failed = force_failure(email_enqueue(to="x@example.test", subject="X", body_text="..."))
    before = list(OutboundEmail.objects.order_by("pk").values())
    with pytest.raises(PermissionDenied, match="Only a service manager or an administrator"):
        email_retry(acting_user=person(Role.CASE_OFFICER), message_id=failed.pk)
    assert list(OutboundEmail.objects.order_by("pk").values()) == before
    assert not AuditEvent.objects.filter(summary="Asked for the e-mail to be sent again").exists()
    email_retry(acting_user=manager, message_id=failed.pk)  # positive control
    assert OutboundEmail.objects.get(pk=failed.pk).status == OutboundEmail.Status.PENDING


def test_recording_how_a_bounce_was_dealt_with_takes_a_note_and_clears_it_from_the_page(client):
    manager = person(Role.SERVICE_MANAGER)
    case, notice = la_notice_case()
    OutboundEmail.objects.filter(pk=notice.pk).update(status=OutboundEmail.Status.BOUNCED,
                                                      bounced_at=timezone.now(), bounce_report="5.1.1 User unknown")
    signed_in_with_mfa(client, manager)
    listing = client.get("/messages/").content.decode()
    assert "Bounced" in listing and "The LA was not told" in listing and "Send again<" not in listing
    form = client.get("/messages/dealt-with/", {"message": str(notice.pk)})
    assert form.status_code == 200 and "5.1.1 User unknown" in form.content.decode()
    empty = client.post("/messages/dealt-with/", {"message": str(notice.pk), "resolution": "  "})
    assert empty.status_code == 400 and "Say what was done instead" in empty.content.decode()
    assert OutboundEmail.objects.get(pk=notice.pk).resolved_at is None
    done = client.post("/messages/dealt-with/", {"message": str(notice.pk),
                                                 "resolution": "Phoned the SEN team; notice sent by post"},
                       follow=True)
    assert "Recorded how" in done.content.decode()
    assert notice.pk not in [message.pk for message in done.context["page"].items]
    notice.refresh_from_db()
    assert notice.resolution == "Phoned the SEN team; notice sent by post" and notice.resolved_at
    assert AuditEvent.objects.filter(actor=manager, target_id=str(notice.pk),
                                     summary__startswith="Recorded how an undelivered e-mail").exists()
    assert client.get("/messages/dealt-with/", {"message": str(notice.pk)}).status_code == 404  # done already
    case_page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Dealt with" in case_page and "Phoned the SEN team" in case_page


def test_a_failed_notice_is_flagged_on_its_case_for_staff_in_the_same_number_of_queries(client):
    officer = person(Role.CASE_OFFICER)
    case, notice = la_notice_case()
    signed_in_with_mfa(client, officer)
    url = f"/cases/{case.reference}/"
    assert "The LA was not told" not in client.get(url).content.decode()  # waiting is not failing
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    force_failure(notice)
    for _ in range(3):  # more messages about other cases, and failed ones, cost nothing more
        force_failure(la_notice_case()[1])
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert "The LA was not told: the e-mail could not be sent after 8 tries" in page
    assert page.count("was not told") == 1  # its own notice, not the other cases'
    assert len(after) == len(before)
    client.logout()
    signed_in_with_mfa(client, person(Role.LA_OFFICER, case.local_authority))
    la_page = client.get(url)
    assert la_page.status_code == 200 and "was not told" not in la_page.content.decode()
