import pytest

from sendresolve.notifications.models import OutboundEmail
from sendresolve.notifications.services import email_enqueue


@pytest.fixture
def sink(smtp_sink):
    """The outbox tests' name for the project's SMTP server on loopback (tests/conftest.py)."""
    return smtp_sink


def enqueue(count: int, **extra) -> list[OutboundEmail]:
    """`count` messages in the outbox, to different people."""
    return [email_enqueue(to=f"p{n}@example.test", subject=f"Message {n}", body_text="Hello", **extra)
            for n in range(count)]
