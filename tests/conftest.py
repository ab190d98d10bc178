import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production hashing takes a large fraction of a second per password, on purpose; tests make hundreds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback; the app's e-mail goes to it."""
    from tests.notifications.smtp_sink import SmtpSink

    with SmtpSink() as sink:
        settings.MAILERS = {"default": sink.mailer}
        yield sink


@pytest.fixture(autouse=True)
def _fresh_limits(request, django_db_blocker):
    """Rate limits live in the database cache, which a transactional (browser) test does not roll back: each test
    that uses the database starts with no limit used, whatever ran before it."""
    if request.node.get_closest_marker("django_db"):
        from django.core.cache import cache

        request.getfixturevalue("django_db_setup")  # the test database, never the real one
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture(autouse=True)
def _calendar_read_once_per_test(settings):
    """Each test starts with the calendar's overrides unread, and no clock re-reads them during the test: what a
    page costs in queries never depends on how long the test took."""
    from sendresolve.cases.calendar import forget_overrides

    settings.HOLIDAY_OVERRIDES_REREAD_SECONDS = None
    forget_overrides()


@pytest.fixture(autouse=True)
def _fresh_pages_rendered_anew():
    """A public page kept from an earlier test may say what that test's settings made it say."""
    from sendresolve.core.fresh_pages import forget_fresh_pages

    forget_fresh_pages()
