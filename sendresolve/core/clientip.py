"""The address of the person's own machine, the same for every per-client decision (limits, audit, allauth).

Behind `TRUSTED_PROXY_COUNT` reverse proxies, `REMOTE_ADDR` is the nearest proxy's address; each proxy appends
the address it received the request from to `X-Forwarded-For`. Only the last `TRUSTED_PROXY_COUNT` entries were
written by proxies we run, so the client is the entry that many places from the right: anything to its left was
sent by the client and can be forged.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not forwarded:
        return remote  # reached us without passing the proxy (a health check on the host itself)
    # Fewer hops than proxies: every entry was written by a trusted proxy, and the leftmost is the client.
    return _valid(forwarded[-min(proxies, len(forwarded))]) or remote
