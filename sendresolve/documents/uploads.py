"""Checking an uploaded document (a decision letter, evidence an action was done) by what it contains, not by what
it is called: the documents app owns every file that comes in as well as every file that goes out."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_LETTER_BYTES = 10 * 1024 * 1024

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def letter_content_type(upload, what: str = "letter") -> str:
    """The document's real type (PDF, PNG or JPEG), or a ValidationError saying what is wrong (`what`: the word for
    it in the message, "letter" or "receipt")."""
    if upload.size > MAX_LETTER_BYTES:
        raise ValidationError(f"The {what} must be smaller than 10 MB")
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise ValidationError(f"The {what} must be a PDF, JPG or PNG")
