"""The home page's "Waiting for you": what every app registered as waiting on this person, oldest first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sendresolve.core import waiting
from sendresolve.core.waiting import Waiting
from tests.factories import person, signed_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_source():
    now = timezone.now()

    def claims_to_decide(user, *, limit):
        if user.email != "decides@example.org":
            return []
        return [Waiting("Expense claim to decide", "SR-2", "/cases/SR-2/", now - timedelta(days=1)),
                Waiting("Expense claim to decide", "SR-1", "/cases/SR-1/", now - timedelta(days=3))][:limit]

    waiting.register_waiting(claims_to_decide)
    yield
    waiting._SOURCES.remove(claims_to_decide)


def test_the_home_page_lists_what_waits_on_the_person_oldest_first(client, a_source):
    decider = person(email="decides@example.org")
    signed_in_with_mfa(client, decider)
    page = client.get("/home/").content.decode()
    assert "Waiting for you" in page
    assert page.index("SR-1") < page.index("SR-2")
    assert "3\xa0days" in page or "3 days" in page


def test_nothing_waiting_shows_no_section(client, a_source):
    signed_in_with_mfa(client, person(email="other@example.org"))
    page = client.get("/home/").content.decode()
    assert "Waiting for you" not in page and "Home" in page
