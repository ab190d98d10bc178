"""Reads of the outbox for the pages that show what was sent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sendresolve.notifications.models import OutboundEmail


def deliveries_about(keys: Iterable[str]) -> dict[str, list[OutboundEmail]]:
    """The messages that carried each document (by its attachment key, e.g. "certificate:MC-1234-5678"), oldest
    first, in one query whatever the number of documents."""
    keys = [key for key in keys if key]
    found: dict[str, list[OutboundEmail]] = defaultdict(list)
    if keys:
        messages = (OutboundEmail.objects.filter(about__in=keys)
                    .only("to", "status", "sent_at", "created_at", "last_error", "attempts", "about")
                    .order_by("created_at"))
        for message in messages:
            found[message.about].append(message)
    return found
