"""Online meeting links: a room of its own for each meeting, and a private room for each side."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from sendresolve.meetings.models import new_room_name


def generated_links() -> tuple[str, dict[str, str]] | None:
    """The main room and each side's breakout room on the configured Jitsi-style server, or None when
    no server is configured (links are then pasted from Teams or Zoom)."""
    base = settings.VIDEO_MEETING_BASE_URL.rstrip("/")
    if not base:
        return None
    return f"{base}/{new_room_name()}", {"family": f"{base}/{new_room_name()}",
                                          "authority": f"{base}/{new_room_name()}"}


def checked_pasted_link(link: str) -> str:
    link = link.strip()
    try:
        URLValidator(schemes=["https"])(link)
    except ValidationError:
        raise ValidationError("Enter the meeting link as a full address starting with https://") from None
    return link
