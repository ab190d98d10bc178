"""Whether this session has proved a second factor."""

from datetime import UTC, datetime

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator


def session_passed_mfa(request) -> bool:
    """True once the session passed an authenticator challenge, or set one up after signing in
    (activating an authenticator needs a valid code from it, so it proves the same thing)."""
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    if not records:
        return False
    signed_in_at = datetime.fromtimestamp(records[0]["at"], tz=UTC)
    return Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.TOTP, created_at__gte=signed_in_at
    ).exists()
