"""Text as people mean it."""

from __future__ import annotations

import re

# What no person types but text pasted from elsewhere can carry: C0 and C1 control characters other than tab and
# line breaks (a vertical tab from Word makes a Word document unreadable), and the Unicode line and paragraph
# separators that break e-mail headers and CSV files.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

def plain_text(value: str) -> str:
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")) if value else value
