"""What waits on a person: a claim to decide, an invoice to review, a statement to accept. Shown on their home page,
oldest first, with how long it has waited.

The work queue holds the statutory deadlines; these are the other things someone must act on. Each app below the
portal registers a source in its `AppConfig.ready()` (`register_waiting`); the home page asks every source. A source
is a function of the user that returns at most `limit` items it may show them (access decided by the source, as
for any list), in one query whatever the numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Waiting:
    what: str  # plain words: "Expense claim to decide"
    reference: str  # the case reference or invoice number it is about; never a child's name
    url: str  # where it is acted on
    since: datetime  # when it started waiting


WaitingSource = Callable[..., list[Waiting]]
_SOURCES: list[WaitingSource] = []


def register_waiting(source: WaitingSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def waiting_for(user, limit: int = 10) -> list[Waiting]:
    """What waits on this user, oldest first: at most `limit` items, from at most `limit` of each source."""
    items = [item for source in _SOURCES for item in source(user, limit=limit)]
    return sorted(items, key=lambda item: item.since)[:limit]
