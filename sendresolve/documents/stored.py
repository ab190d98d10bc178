"""Issued documents are rendered once and stored (legal record: what was issued is what is served)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from sendresolve.documents.models import StoredDocument


def document_once(*, key: str, filename: str, mimetype: str, render: Callable[[], bytes]) -> StoredDocument:
    """The stored document for `key`, rendering it the first time it is asked for. Never renders under a lock: two
    processes asking at once may both render, and the first to store wins; the other's bytes are thrown away, so
    everyone is served the same bytes from then on."""
    existing = StoredDocument.objects.filter(key=key).first()
    if existing is not None:
        return existing
    content = render()
    document = StoredDocument(key=key, filename=filename, mimetype=mimetype,
                              sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    document.file.save("document", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        return StoredDocument.objects.get(key=key)
    return document
