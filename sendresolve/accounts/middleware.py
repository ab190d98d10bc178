"""Access rules that hold for every request, before any view runs."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from sendresolve.accounts.mfa import session_passed_mfa
from sendresolve.accounts.selectors import user_access, user_has_mfa

# Pages a signed-in staff member may reach before finishing MFA: sign-in, MFA set-up, sign-out, and
# the public information pages.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/accessibility", "/privacy", "/favicon.ico")


class StaffMfaRequiredMiddleware:
    """Staff (anyone acting for an organisation) reach nothing else without an authenticator.

    A staff member with no authenticator is sent to set one up; a session that signed in without
    passing MFA (for example by an e-mailed code) is signed out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and user_access(user).is_staff_member
        ):
            if not user_has_mfa(user):
                messages.info(request, "Set up an authenticator app to finish signing in.")
                return redirect(reverse("mfa_activate_totp"))
            if not session_passed_mfa(request):
                logout(request)
                messages.warning(request, "Staff sign in with their password and authenticator app.")
                return redirect(reverse("account_login"))
        return self.get_response(request)


class AdminOnlyForAdministratorsMiddleware:
    """The Django admin does not exist for anyone but an administrator who passed MFA."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            user = request.user
            if not (user.is_authenticated and user_access(user).is_administrator and session_passed_mfa(request)):
                raise Http404("No such page")
        return self.get_response(request)


LAST_SEEN_KEY = "sendresolve_last_seen"
_SEEN_EVERY = 60  # seconds: the session is written at most once a minute to record activity


class StaffIdleTimeoutMiddleware:
    """Staff are signed out after `STAFF_IDLE_TIMEOUT_SECONDS` (30 minutes) without a request: an officer's
    unattended screen shows other people's children. The page warns them two minutes before (the GOV.UK timeout
    warning pattern, `timeout-warning.js`), and "Stay signed in" is a request like any other."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user_access(user).is_staff_member:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.STAFF_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, "We signed you out because you had not done anything for "
                                       f"{settings.STAFF_IDLE_TIMEOUT_SECONDS // 60} minutes. Sign in again to "
                                       "carry on.")
                return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
            if last_seen is None or now - last_seen >= _SEEN_EVERY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
