"""Whether this session has proved a second factor."""

from allauth.account.authentication import get_authentication_records

ENROLLED_SESSION_KEY = "sendresolve_mfa_enrolled"


def session_passed_mfa(request) -> bool:
    if request.session.get(ENROLLED_SESSION_KEY):
        return True
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def mark_enrolled(request) -> None:
    """Activating TOTP proves the code works, so the session that did it has passed MFA."""
    request.session[ENROLLED_SESSION_KEY] = True
