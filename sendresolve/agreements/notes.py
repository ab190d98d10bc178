"""The mediator's confidential notes and record of the child's views: written and read by their author alone,
while allocated to the case and declared independent, every read audited; destroyed a configured number of days
after the case closes. A mediator allocated later starts with a blank page: what was said to the one before was
said to them, not to the service."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.agreements.models import ConfidentialNote
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record, audit_view
from sendresolve.cases.models import Case
from sendresolve.mediators.selectors import is_declared_mediator
from sendresolve.meetings.models import ChildViewsSteps


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


def notes_destroy_expired(*, today: date | None = None) -> int:
    """Destroys the confidential notes of cases closed more than the retention period ago, leaving an audit
    entry per case that says what was destroyed (never what it said). Returns how many were destroyed."""
    today = today or timezone.localdate()
    closed_before = today - timedelta(days=settings.CONFIDENTIAL_NOTES_RETENTION_DAYS)
    expired = Case.objects.filter(closed_on__isnull=False, closed_on__lte=closed_before)
    counts = {row["case"]: row["n"] for row in ConfidentialNote.objects.filter(case__in=expired)
              .values("case").annotate(n=Count("id"))}
    destroyed = 0
    # The record of the steps taken to hear the child is not destroyed here: it is the administrative evidence that
    # the duty was met, kept with the case (legal review L12); only what was said in confidence goes.
    for case in Case.objects.filter(pk__in=set(counts)):
        with transaction.atomic():
            notes, _ = ConfidentialNote.objects.filter(case=case).delete()
            audit_record(actor=None, action=AuditEvent.Action.DESTROY, target=case, summary=(
                f"Destroyed {notes} confidential note(s), {settings.CONFIDENTIAL_NOTES_RETENTION_DAYS} days after "
                f"the case closed on {case.closed_on}"))
            destroyed += notes
    destroyed += _child_views_steps_destroy_expired(today)
    return destroyed


def _child_views_steps_destroy_expired(today: date) -> int:
    """Only where a period is set (CHILD_VIEWS_STEPS_RETENTION_DAYS); otherwise they stay as long as the case."""
    days = settings.CHILD_VIEWS_STEPS_RETENTION_DAYS
    if days is None:
        return 0
    expired = ChildViewsSteps.objects.filter(case__closed_on__isnull=False,
                                             case__closed_on__lte=today - timedelta(days=days))
    destroyed = 0
    for case in Case.objects.filter(pk__in=expired.values("case")):
        with transaction.atomic():
            count, _ = ChildViewsSteps.objects.filter(case=case).delete()
            audit_record(actor=None, action=AuditEvent.Action.DESTROY, target=case, summary=(
                f"Destroyed {count} record(s) of the steps taken to hear the child, {days} days after the case "
                f"closed on {case.closed_on}"))
            destroyed += count
    return destroyed
