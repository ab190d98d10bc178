"""Public pages that are the same for every fresh visitor, rendered once per process.

A visitor who has no session (so is not signed in and has answered nothing) and no message waiting sees the same
start page and the same first question as every other such visitor, but for two values that must be new on every
response: the CSRF token in a form and the CSP nonce on scripts. The first such response a process renders is kept
with both values replaced by markers; every later one is that text with this request's own token and nonce put back.
The view, its template and every middleware run as before for anyone else, and the CSRF and CSP middleware still see
the token and nonce used, so the cookie and the policy header are set exactly as if the page had been rendered.

Kept per process (gunicorn workers fork after start-up), per day (in case a page shows the date), and never for
anything but a 200 response to a GET without a query string.
"""

from __future__ import annotations

import functools
import secrets

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone

_TOKEN_MARK = f"csrf-{secrets.token_hex(16)}"
_NONCE_MARK = f"nonce-{secrets.token_hex(16)}"
_kept: dict[tuple, tuple[str, dict]] = {}  # (view, path, day) -> (page text with markers, the view's headers)


def same_for_every_fresh_visitor(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _is_fresh(request):
            return view(request, *args, **kwargs)
        key = (view.__qualname__, request.path, timezone.localdate())
        kept = _kept.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                _keep(key, request, response)
            return response
        text, headers = kept
        page = text.replace(_TOKEN_MARK, get_token(request)).replace(_NONCE_MARK, str(get_nonce(request)))
        return HttpResponse(page, headers=headers)

    return wrapped


def forget_fresh_pages() -> None:
    """Render each page anew (tests that change what a page says)."""
    _kept.clear()


def _is_fresh(request) -> bool:
    return (request.method == "GET" and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES)


def _keep(key: tuple, request, response) -> None:
    text = response.content.decode(response.charset)
    nonce = get_nonce(request)
    if nonce:  # the page used a nonce: it was generated while rendering
        text = text.replace(str(nonce), _NONCE_MARK)
    token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and _rendered_token(request, text)
    if token:
        text = text.replace(token, _TOKEN_MARK)
    if len(_kept) > 256:  # a day's worth of a few pages; never grows without bound
        _kept.clear()
    _kept[key] = (text, dict(response.headers))


def _rendered_token(request, text: str) -> str | None:
    """The masked CSRF token the page's form carries (each call of get_token masks anew, so read it off the page)."""
    marker = 'name="csrfmiddlewaretoken" value="'
    start = text.find(marker)
    if start < 0:
        return None
    start += len(marker)
    return text[start:text.index('"', start)]
