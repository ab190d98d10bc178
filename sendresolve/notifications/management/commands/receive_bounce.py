"""`sendresolve receive-bounce`: the service's mail server pipes each message that arrives at a bounce address
(`bounces+<token>@...`) to this command, which marks the message that token names as bounced when the message
piped in is a report that delivery failed (RFC 3464). ADR 18; README "Bounces" for the mail server's side.

Its exit status is what a mail server's pipe expects (sysexits): 0 when the report was recorded or had nothing to
record (a delay, an out-of-office reply); 67 when the address names no message, or the report is about another one
(the mail server then refuses it, and nothing changed); 75 when the database could not be reached (the mail server
keeps it and tries again later).
"""

from __future__ import annotations

import logging
import os
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from sendresolve.notifications.bounces import (
    BounceRefused,
    email_record_bounce,
    read_delivery_report,
    token_in,
)

log = logging.getLogger(__name__)

EX_NOUSER, EX_TEMPFAIL = 67, 75
MAX_BYTES = 50 * 1024 * 1024  # a report returning the whole message, a certificate attached, fits many times over


def _envelope_recipient(given: str) -> str:
    """The address the report was sent to: as the mail server passes it (Postfix's pipe: `--recipient
    ${original_recipient}`; its local delivery sets ORIGINAL_RECIPIENT), or failing that the report's own headers."""
    return given or os.environ.get("ORIGINAL_RECIPIENT") or os.environ.get("RECIPIENT") or ""


def _header_recipient(raw: bytes) -> str:
    from email import message_from_bytes
    from email.policy import compat32
    from email.utils import getaddresses

    headers = message_from_bytes(raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0] + b"\n\n", policy=compat32)
    for name in ("Delivered-To", "X-Original-To", "To"):
        for _, address in getaddresses(headers.get_all(name, [])):
            if address:
                return address
    return ""


class Command(BaseCommand):
    help = "Reads a delivery status notification (RFC 3464) on standard input and records the bounce it reports."

    def add_arguments(self, parser):
        parser.add_argument("--recipient", default="",
                            help="the bounce address it was delivered to (bounces+<token>@...), from the mail server")

    def handle(self, *args, recipient: str = "", **options):
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise CommandError(f"The report is larger than {MAX_BYTES // (1024 * 1024)} MB", returncode=EX_NOUSER)
        address = _envelope_recipient(recipient) or _header_recipient(raw)
        try:
            token = token_in(address)
            report = read_delivery_report(raw)
            if report is None:
                self.stdout.write("Not a delivery status notification: nothing recorded.")
                return
            message = email_record_bounce(token=token, report=report)
        except BounceRefused as error:
            log.warning("bounce refused: %s", error)
            raise CommandError(str(error), returncode=EX_NOUSER) from error
        except DatabaseError as error:
            raise CommandError(f"The database could not be reached: {error}", returncode=EX_TEMPFAIL) from error
        if message is None:
            self.stdout.write(f"Report recorded nothing: {report.action}.")
        else:
            log.info("e-mail %s bounced: %s", message.message_id, report.summary())
            self.stdout.write(f"Bounce recorded for {message.message_id}.")
