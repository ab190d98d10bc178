"""A refused change, as the sentence a page shows the person who asked for it."""

from django.core.exceptions import ValidationError


def refusal_message(error: Exception) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
