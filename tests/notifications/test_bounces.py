"""Item 6 of issue 13, delivery you can prove (ADR 18): each message records when the mail server accepted it and
what it answered; it goes out with a bounce address of its own (VERP), and a delivery status notification piped
to `sendresolve receive-bounce` marks that message, and no other, as bounced, which its case then shows."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sendresolve.notifications.bounces import (
    BounceRefused,
    DeliveryReport,
    bounce_address,
    email_record_bounce,
    read_delivery_report,
    token_in,
)
from sendresolve.notifications.delivery import _record_sent
from sendresolve.notifications.models import OutboundEmail, new_bounce_token
from sendresolve.notifications.services import email_enqueue
from tests.factories import signed_in_with_mfa
from tests.notifications.dsn import out_of_office, postfix_dsn
from tests.notifications.outbox_world import deliver, la_notice_case
from tests.notifications.test_outbox import _database_url

pytestmark = pytest.mark.django_db
BOUNCES = "bounces@bounce.sendresolve.example"


@pytest.fixture(autouse=True)
def _bounce_address(settings):
    settings.BOUNCE_ADDRESS = BOUNCES
    settings.DEFAULT_FROM_EMAIL = "SEND Resolve <no-reply@sendresolve.example>"


@pytest.fixture
def smtp(smtp_sink, settings):
    """The test SMTP server, reached through the service's own SMTP backend (which keeps the server's reply)."""
    settings.MAILERS = {"default": {**smtp_sink.mailer,
                                    "BACKEND": "sendresolve.notifications.backends.SmtpEmailBackend"}}
    return smtp_sink


def receive(raw: bytes, *, recipient: str = "") -> str:
    """`sendresolve receive-bounce --recipient ...` with `raw` on standard input, in this process."""
    out = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(raw))
    saved, sys.stdin = sys.stdin, stdin
    try:
        call_command("receive_bounce", recipient=recipient, stdout=out)
    finally:
        sys.stdin = saved
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(OutboundEmail.objects.order_by("pk").values_list(
        "pk", "status", "bounced_at", "bounce_report", "sent_at", "resolved_at"))


def test_each_message_goes_out_with_its_own_bounce_address_and_records_the_servers_reply(smtp):
    first = email_enqueue(to="sen@la.example", subject="Mediation requested", body_text="Please arrange")
    second = email_enqueue(to="icb@icb.example", subject="Health issues", body_text="Please take part")
    first, second = deliver(first), deliver(second)
    assert smtp.senders == [bounce_address(first.bounce_token), bounce_address(second.bounce_token)]
    assert first.bounce_token != second.bounce_token and len(first.bounce_token) == 32
    assert smtp.senders[0].startswith("bounces+") and smtp.senders[0].endswith("@bounce.sendresolve.example")
    # People see, and reply to, the service's address; only the envelope carries the bounce address.
    assert [message["From"] for message in smtp.messages] == ["SEND Resolve <no-reply@sendresolve.example>"] * 2
    assert first.status == OutboundEmail.Status.SENT and first.sent_at is not None
    assert first.server_reply == "250 Message accepted for delivery"


def test_without_a_bounce_address_the_envelope_sender_is_the_services_own(smtp, settings):
    settings.BOUNCE_ADDRESS = ""
    deliver(email_enqueue(to="sen@la.example", subject="Mediation requested", body_text="Please arrange"))
    assert smtp.senders == ["no-reply@sendresolve.example"]


def test_a_postfix_report_is_read_with_its_status_diagnostic_and_the_message_it_is_about():
    report = read_delivery_report(postfix_dsn(to="bounces+x@bounce.example", message_id="<m-1@sendresolve>"))
    assert report == DeliveryReport(
        action="failed", status="5.1.1", final_recipient="sen@la.example", remote_mta="mail.la.example",
        diagnostic="smtp; 550 5.1.1 <sen@la.example>: Recipient address rejected: User unknown in local "
                   "recipient table", message_id="<m-1@sendresolve>")
    whole = read_delivery_report(postfix_dsn(to="b", message_id="<m-2@sendresolve>", returned="message"))
    assert whole.message_id == "<m-2@sendresolve>"
    assert read_delivery_report(out_of_office(to="bounces+x@bounce.example")) is None
    assert read_delivery_report(b"not an e-mail at all") is None


def test_a_bounce_for_a_real_message_marks_it_bounced_and_flags_its_case(client, smtp, settings):
    from sendresolve.accounts.roles import Role
    from tests.factories import person

    case, notice = la_notice_case()
    notice = deliver(notice)
    other = deliver(email_enqueue(to="someone@example.test", subject="Something else", body_text="..."))
    officer = person(Role.CASE_OFFICER)
    signed_in_with_mfa(client, officer)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "The LA was not told" not in page  # delivered to the LA's server, nothing came back (yet)

    said = receive(postfix_dsn(to=bounce_address(notice.bounce_token), message_id=notice.message_id),
                   recipient=bounce_address(notice.bounce_token))
    assert f"Bounce recorded for {notice.message_id}" in said
    notice.refresh_from_db()
    assert notice.status == OutboundEmail.Status.BOUNCED and notice.bounced_at is not None
    assert notice.bounce_report.startswith("5.1.1 smtp; 550 5.1.1 <sen@la.example>: Recipient address rejected")
    assert notice.sent_at is not None and notice.server_reply  # the proof it left the service stays
    other.refresh_from_db()
    assert other.status == OutboundEmail.Status.SENT
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "The LA was not told: the address bounced" in page and "sen@la.example" in page


def test_a_report_found_by_its_headers_when_the_mail_server_passes_no_recipient(smtp):
    _, notice = la_notice_case()
    notice = deliver(notice)
    receive(postfix_dsn(to=bounce_address(notice.bounce_token), message_id=notice.message_id))
    notice.refresh_from_db()
    assert notice.status == OutboundEmail.Status.BOUNCED


def test_a_forged_or_unknown_token_changes_nothing(smtp):
    _, notice = la_notice_case()
    notice = deliver(notice)
    victim = deliver(email_enqueue(to="family@example.test", subject="Your certificate", body_text="..."))
    before = snapshot()
    unknown = bounce_address(new_bounce_token())
    with pytest.raises(CommandError, match="No message has this bounce address") as refused:
        receive(postfix_dsn(to=unknown, message_id=victim.message_id), recipient=unknown)
    assert refused.value.returncode == 67
    # Someone who was sent the LA's notice (so knows its token) reports the family's message as bounced.
    own = bounce_address(notice.bounce_token)
    with pytest.raises(CommandError, match=f"The report is about {victim.message_id}, not the message") as refused:
        receive(postfix_dsn(to=own, message_id=victim.message_id), recipient=own)
    assert refused.value.returncode == 67
    for address in ("bounces@bounce.sendresolve.example", f"bounces+{notice.bounce_token}@elsewhere.example",
                    f"other+{notice.bounce_token}@bounce.sendresolve.example",
                    "bounces+short@bounce.sendresolve.example"):
        with pytest.raises(CommandError, match="is not a bounce address of this service"):
            receive(postfix_dsn(to=address, message_id=notice.message_id), recipient=address)
    assert snapshot() == before
    # Positive control: the same report, to the notice's own address and about the notice, marks it.
    receive(postfix_dsn(to=own, message_id=notice.message_id), recipient=own)
    assert OutboundEmail.objects.get(pk=notice.pk).status == OutboundEmail.Status.BOUNCED
    assert OutboundEmail.objects.get(pk=victim.pk).status == OutboundEmail.Status.SENT


def test_a_delay_an_out_of_office_reply_and_a_second_report_change_nothing(smtp):
    _, notice = la_notice_case()
    notice = deliver(notice)
    own = bounce_address(notice.bounce_token)
    before = snapshot()
    assert "recorded nothing: delayed" in receive(
        postfix_dsn(to=own, message_id=notice.message_id, action="delayed", status="4.3.0"), recipient=own)
    assert "Not a delivery status notification" in receive(out_of_office(to=own), recipient=own)
    assert snapshot() == before
    receive(postfix_dsn(to=own, message_id=notice.message_id), recipient=own)
    first = snapshot()
    assert first != before  # positive control: a failure does mark it
    assert "recorded nothing: failed" in receive(postfix_dsn(to=own, message_id=notice.message_id), recipient=own)
    assert snapshot() == first


def test_a_bounce_that_comes_back_before_the_worker_records_the_send_stands():
    message = email_enqueue(to="sen@la.example", subject="Mediation requested", body_text="...")
    email_record_bounce(token=message.bounce_token, report=DeliveryReport(action="failed", status="5.1.1"))
    _record_sent(message, "250 Ok")
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.BOUNCED


def test_token_in_reads_the_address_as_mail_servers_write_it():
    token = new_bounce_token()
    assert token_in(f"<BOUNCES+{token.upper()}@Bounce.SendResolve.Example>") == token
    with pytest.raises(BounceRefused, match="An empty address is not a bounce address"):
        token_in("")


@pytest.mark.django_db(transaction=True)
def test_the_mail_server_pipes_a_bounce_to_the_sendresolve_command():
    """The real command line, as Postfix's pipe runs it: exit status 0 and the message marked. (The refusals' exit
    status, 67, is CommandError's returncode, which Django's command line exits with: tested above.)"""
    message = email_enqueue(to="sen@la.example", subject="Mediation requested", body_text="...")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": _database_url(),
           "BOUNCE_ADDRESS": BOUNCES, "LOG_LEVEL": "WARNING"}
    own = bounce_address(message.bounce_token)
    recorded = subprocess.run([sys.executable, "-m", "sendresolve", "receive-bounce", "--recipient", own],
                              input=postfix_dsn(to=own, message_id=message.message_id), env=env,
                              capture_output=True, timeout=60)
    assert recorded.returncode == 0, recorded.stderr
    assert OutboundEmail.objects.get(pk=message.pk).status == OutboundEmail.Status.BOUNCED
