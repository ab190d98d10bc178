"""Behind the proxy production runs, every per-client decision uses the client's address, not the proxy's."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from sendresolve.accounts.roles import Role
from sendresolve.audit.models import AuditEvent
from sendresolve.core.clientip import client_ip
from tests.factories import PASSWORD, person

PROXY = "10.0.0.2"


@pytest.mark.parametrize("proxies, forwarded, expected", [
    (0, "203.0.113.9", PROXY),  # no proxy configured: the header is anyone's to forge
    (1, "", PROXY),
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client wrote 1.2.3.4 itself: ignored
    (2, "1.2.3.4, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
    (2, "203.0.113.9", "203.0.113.9"),  # fewer hops than proxies: the leftmost is the client
    (1, "not-an-address", PROXY),
])
def test_the_client_is_read_from_the_trusted_hops_only(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_wrong_passwords_lock_out_one_client_not_everyone_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/15m/ip"}
    victim = person(Role.CASE_OFFICER, totp=True)
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(4):
        attacker.post("/accounts/login/", {"login": victim.email, "password": "wrong-password-123"})
    blocked = attacker.post("/accounts/login/", {"login": victim.email, "password": PASSWORD})
    assert b"Too many failed login attempts" in blocked.content
    colleague = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = colleague.post("/accounts/login/", {"login": victim.email, "password": PASSWORD})
    assert response.status_code == 302 and "2fa" in response["Location"]
    failed = AuditEvent.objects.filter(action="sign_in_failed").values_list("ip_address", flat=True)
    assert set(failed) == {"203.0.113.66"}


@pytest.mark.django_db
def test_certificate_checks_are_counted_per_client_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    guess = {"number": "MC-AAAA-AAAA", "date_of_birth_0": 1, "date_of_birth_1": 1, "date_of_birth_2": 2015}
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert [guesser.post("/verify/", guess).status_code for _ in range(11)][-1] == 429
    assert Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20").post("/verify/", guess).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_certificate_check_limit_holds_under_concurrent_guesses():
    """Twenty guesses at once from one client: never more than the ten allowed get an answer (the count is
    taken under a lock, not read and written back by each request)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    guess = {"number": "MC-AAAA-AAAA", "date_of_birth_0": 1, "date_of_birth_1": 1, "date_of_birth_2": 2015}

    def attempt(_):
        try:
            return Client(REMOTE_ADDR="203.0.113.77").post("/verify/", guess).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(attempt, range(20)))
    assert 1 <= statuses.count(200) <= 10 and statuses.count(200) + statuses.count(429) == 20
