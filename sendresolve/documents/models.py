from django.db import models


def _document_path(instance, filename: str) -> str:
    import secrets

    return f"documents/{secrets.token_urlsafe(18)}"  # never a guessable name


class StoredDocument(models.Model):
    """An issued document (a certificate, an Action Plan version as sent or agreed), rendered once and kept as the
    bytes that were issued, with their SHA-256 so anyone can check a copy. Downloads and e-mails serve these bytes;
    nothing re-renders an issued document from data that may have changed since."""

    key = models.CharField(max_length=100, unique=True)  # what it is, e.g. "certificate:MC-AB2C-D3EF"
    filename = models.CharField(max_length=200)
    mimetype = models.CharField(max_length=100)
    file = models.FileField(upload_to=_document_path)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename

    def content(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()
