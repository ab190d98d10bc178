"""Every refusal the service makes, and the sentence a page shows the person who asked for the change.

A service that will not make a change raises `Refused` (or one of its kinds: a transition not allowed, a meeting
not ready, a stale plan, a limit reached, an allocation refused), Django's `ValidationError` for bad input, or
`PermissionDenied`; nothing has changed when any of them is raised. Views catch `REFUSALS` and show
`refusal_message`.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class Refused(Exception):
    """A change the service will not make, with the plain-English reason as its message."""


REFUSALS = (Refused, ValidationError, PermissionDenied)


def refusal_message(error: Exception) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
