"""Bounces, by VERP (ADR 18). Each message goes out with an envelope sender of its own, `bounces+<token>@<domain>`
(BOUNCE_ADDRESS), so a mail server that cannot deliver it sends its report there. The service's mail server hands
whatever arrives at that address to `sendresolve receive-bounce`, which reads it as an RFC 3464 delivery status
notification and marks the one message whose token it names.

A report can mark only the message its token names, and only as bounced: the token is 160 random bits kept with
that message alone, and a report that says it is about another message (its returned headers carry another
Message-ID) is refused. An out-of-office reply or anything else that is not a report of failure changes nothing.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import Message

from django.conf import settings
from django.utils import timezone

from sendresolve.notifications.models import OutboundEmail

_TOKEN = re.compile(r"[a-z2-7]{32}")
# RFC 3464 actions, from the one that matters most: a report of several recipients is read by its worst.
_ACTIONS = ("failed", "delayed", "delivered", "relayed", "expanded")


class BounceRefused(Exception):
    """A report that may not change anything: its address names no message, or it is about another message."""


def bounce_address(token: str) -> str:
    """The envelope sender of the message with this token: `bounces+<token>@example.org` for BOUNCE_ADDRESS
    `bounces@example.org`."""
    local, domain = settings.BOUNCE_ADDRESS.rsplit("@", 1)
    return f"{local}+{token}@{domain}"


def token_in(address: str) -> str:
    """The token in a bounce address (`bounces+<token>@domain`, in any case, with or without angle brackets).
    Raises BounceRefused for an address that is not one of ours."""
    address = address.strip().strip("<>").lower()
    local, _, domain = address.rpartition("@")
    own_local, _, own_domain = settings.BOUNCE_ADDRESS.lower().rpartition("@")
    prefix, _, token = local.partition("+")
    if not own_local or prefix != own_local or domain != own_domain or not _TOKEN.fullmatch(token):
        raise BounceRefused(f"{address or 'An empty address'} is not a bounce address of this service")
    return token


@dataclass(frozen=True)
class DeliveryReport:
    """What an RFC 3464 report says about the one recipient it reports on."""

    action: str  # failed, delayed, delivered, relayed or expanded
    status: str = ""  # "5.1.1"
    diagnostic: str = ""  # "smtp; 550 5.1.1 <la@example.org>: Recipient address rejected"
    final_recipient: str = ""
    remote_mta: str = ""
    message_id: str = ""  # of the message it is about, when the report returns its headers

    def summary(self) -> str:
        parts = [self.status, self.diagnostic or "no diagnostic given",
                 f"reported by {self.remote_mta}" if self.remote_mta else ""]
        return " ".join(part for part in parts if part)[:500]


def _field(block: Message, name: str) -> str:
    """A report field's value without its type ("rfc822; la@example.org" gives "la@example.org" for addresses)."""
    value = " ".join(str(block.get(name, "")).split())
    return value.split(";", 1)[1].strip() if name != "Diagnostic-Code" and ";" in value else value


def _returned_message_id(part: Message) -> str:
    if part.get_content_type() == "message/rfc822":
        payload = part.get_payload()
        returned = payload[0] if isinstance(payload, list) and payload else None
    else:  # text/rfc822-headers
        returned = email.message_from_string(part.get_payload(decode=True).decode("utf-8", "replace"),
                                             policy=email.policy.compat32)
    return str(returned.get("Message-ID", "")).strip() if returned is not None else ""


def read_delivery_report(raw: bytes) -> DeliveryReport | None:
    """The delivery status notification in `raw` (RFC 3464: multipart/report; report-type=delivery-status), or None
    when it is not one (an out-of-office reply, a person answering the bounce address)."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report" or (
            (message.get_param("report-type") or "").lower() != "delivery-status"):
        return None
    recipients: list[Message] = []
    message_id = ""
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            blocks = part.get_payload()
            recipients += [block for block in blocks[1:] if block.get("Action")] if isinstance(blocks, list) else []
        elif part.get_content_type() in ("message/rfc822", "text/rfc822-headers") and not message_id:
            message_id = _returned_message_id(part)
    known = [block for block in recipients if _field(block, "Action").lower() in _ACTIONS]
    if not known:
        return None
    worst = min(known, key=lambda block: _ACTIONS.index(_field(block, "Action").lower()))
    return DeliveryReport(
        action=_field(worst, "Action").lower(), status=_field(worst, "Status"),
        diagnostic=_field(worst, "Diagnostic-Code")[:300], final_recipient=_field(worst, "Final-Recipient"),
        remote_mta=_field(worst, "Remote-MTA")[:120], message_id=message_id)


def email_record_bounce(*, token: str, report: DeliveryReport) -> OutboundEmail | None:
    """Marks the message with this bounce token as bounced, when the report says delivery failed. Returns the
    message when this report marked it, None when it changes nothing (a delay, a success, a second report of the
    same failure). Raises BounceRefused, changing nothing, for a token no message has or a report about another
    message."""
    message = OutboundEmail.objects.filter(bounce_token=token).first() if _TOKEN.fullmatch(token) else None
    if message is None:
        raise BounceRefused("No message has this bounce address")
    if report.message_id and report.message_id != message.message_id:
        raise BounceRefused(f"The report is about {report.message_id}, not the message with this bounce address")
    if report.action != "failed":
        return None
    marked = OutboundEmail.objects.filter(pk=message.pk).exclude(status=OutboundEmail.Status.BOUNCED).update(
        status=OutboundEmail.Status.BOUNCED, bounced_at=timezone.now(), bounce_report=report.summary(),
        lease_until=None, resolved_at=None, resolution="")
    if not marked:
        return None
    message.refresh_from_db()
    return message
