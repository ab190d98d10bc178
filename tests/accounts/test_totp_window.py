"""An authenticator code typed in the last seconds of its 30-second step still works in the next step (RFC 6238
allows one step of drift), a code two steps old does not, and no code works twice."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from sendresolve.accounts.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_a_code_from_the_step_before_works_once_and_an_older_one_never(monkeypatch):
    import types

    import allauth.mfa.totp.internal.auth as totp_auth

    now = time.time()
    monkeypatch.setattr(totp_auth, "time", types.SimpleNamespace(time=lambda: now))  # the server's clock, held
    officer = person(Role.CASE_OFFICER, totp=True)
    totp = TOTP(Authenticator.objects.get(user=officer, type=Authenticator.Type.TOTP))
    step = int(now) // 30

    def code(at_step: int) -> str:
        return format_hotp_value(hotp_value(officer.totp_secret, at_step))

    assert not totp.validate_code(code(step - 3))  # long gone
    assert totp.validate_code(code(step - 1))  # typed as the step turned
    assert not totp.validate_code(code(step - 1))  # and not a second time
    assert totp.validate_code(code(step))  # positive control: the current code
