"""The service managers' daily e-mail listing the messages that need attention: failed or bounced and not dealt
with, and those still waiting long after they were written. One a day at most, however many workers run the sweep:
the day's `FailureReport` row is written in the same transaction as the e-mails, and a second writer of it fails on
its unique day and enqueues nothing. On a day with nothing to report, nothing is sent and no row is written, so
a failure later that day is still reported that day."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction

from sendresolve.notifications.models import FailureReport
from sendresolve.notifications.selectors import outbox_attention, outbox_stuck
from sendresolve.notifications.services import email_from_template

LISTED = 50  # the e-mail lists this many of each kind, newest first; the page has them all


def failures_report_send(*, recipients: list[str], today: date, now: datetime) -> int:
    """E-mails each recipient today's list, unless it went today already or nothing needs attention. Returns how
    many e-mails it enqueued."""
    recipients = sorted({address for address in recipients if address})
    if not recipients or FailureReport.objects.filter(day=today).exists():
        return 0
    attention = outbox_attention()
    stuck = outbox_stuck(now)
    counts = {"undelivered": attention.count(), "stuck": stuck.count()}
    if not counts["undelivered"] and not counts["stuck"]:
        return 0
    listed = ("created_at", "subject", "status", "attempts", "statutory", "addressee", "bounced_at")
    context = {
        "today": today, **counts,
        "statutory": attention.filter(statutory=True).count(),
        "undelivered_list": list(attention.order_by("-created_at", "-id").only(*listed)[:LISTED]),
        "stuck_list": list(stuck.order_by("-created_at", "-id").only(*listed)[:LISTED]),
        "listed": LISTED,
    }
    total = counts["undelivered"] + counts["stuck"]
    subject = f"{total} e-mail{'s need' if total > 1 else ' needs'} attention ({today:%-d %B %Y})"
    try:
        with transaction.atomic():
            FailureReport.objects.create(day=today, listed=total)
            for address in recipients:
                email_from_template(address, subject, "outbox_failures", context)
    except IntegrityError:
        return 0  # another worker sent today's
    return len(recipients)
