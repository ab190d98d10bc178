"""Per-client and per-address limits on public forms, with the same limiter allauth uses for sign-in.

Each action's rates are in `ACCOUNT_RATE_LIMITS` (config/settings/auth.py), for example "20/h/ip,5/h/key": at
most 20 per hour from one client address (see `sendresolve.core.clientip`) and 5 per hour for one key (an
e-mail address, a request). A hit is recorded under a short cache lock, so two processes cannot both take the
last one; if the lock cannot be had, the hit is refused.
"""

from __future__ import annotations

from allauth.core import ratelimit


def within_limit(request, action: str, *, key: str | None = None) -> bool:
    """Records one `action` by this client (and for `key`); False, recording nothing more, once over a limit."""
    return ratelimit.consume(request, action=action, key=key)
