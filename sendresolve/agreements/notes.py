"""The mediator's confidential notes and record of the child's views: written and read by their author alone,
while allocated to the case and declared independent, every read audited; destroyed a configured number of days
after the case closes (an entry of the retention table, `privacy/retention_table.py`). A mediator allocated later
starts with a blank page: what was said to the one before was said to them, not to the service."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from sendresolve.accounts.models import User
from sendresolve.agreements.models import ConfidentialNote
from sendresolve.audit.services import audit_record, audit_view
from sendresolve.cases.models import Case
from sendresolve.mediators.selectors import is_declared_mediator


def _require_declared_mediator(user: User, case: Case) -> None:
    """Anyone else, the case officer, the administrator and a mediator not yet declared included, is told there is
    nothing here."""
    if not is_declared_mediator(user, case):
        raise Http404("No such page")


def notes_for(user: User, case: Case, *, request=None) -> list[ConfidentialNote]:
    """The reader's own notes on the case; the read is audited (that it happened, never what was read)."""
    _require_declared_mediator(user, case)
    own = list(case.confidential_notes.filter(author=user))
    audit_view(actor=user, target=case, request=request,
               summary=f"Read their own confidential notes ({len(own)})")
    return own


def note_add(*, acting_user: User, case: Case, kind: str, text: str) -> ConfidentialNote:
    _require_declared_mediator(acting_user, case)
    text = text.strip()
    if not text:
        raise ValidationError("Write the note.")
    if kind not in ConfidentialNote.Kind.values:
        raise ValidationError("Choose what kind of note it is.")
    with transaction.atomic():
        note = ConfidentialNote.objects.create(case=case, kind=kind, text=text, author=acting_user)
        audit_record(actor=acting_user, action="create", target=note, summary=f"Added a {note.get_kind_display()}")
    return note
