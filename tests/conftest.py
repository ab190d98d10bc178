import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no failed sign-ins counted (the cache lives in the test database)."""
    from django.core.cache import cache

    try:
        cache.clear()
    except Exception:  # tests that use no database have no cache table
        pass
    yield
