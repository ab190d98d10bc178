"""The steps of an erasure (`erasure.person_erase`), each over all the person's rows at once.

Cases about the person and their child are anonymised by the retention table's own entries, now instead of at the
end of their period, so erasure and retention leave a case in the same state. Elsewhere the person's own rows lose
what identifies them, and their name is taken out of the text others wrote on the cases they are named on
(`SCRUBBED`): only those cases, and only their exact names, so nobody else's record changes; and out of e-mails
sent to others that name them."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from sendresolve.accounts.models import User
from sendresolve.agreements.models import DutyUpdate, PlanAgreement
from sendresolve.cases.models import AdviserContact, CaseDeadline, CaseEvent, Participant
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine
from sendresolve.mediators.models import Allocation, Objection
from sendresolve.meetings.models import (
    AttendanceDecision,
    AuthorityToSettle,
    AvailabilityAnswer,
    Invitee,
    MeetingChange,
)
from sendresolve.notifications.models import OutboundEmail
from sendresolve.privacy.models import AnonymisedCase
from sendresolve.privacy.retention import apply_entry as retention_act  # the table's one way of applying an entry
from sendresolve.privacy.retention import subject_rows
from sendresolve.privacy.retention_entries import DONE_WORDS, Action
from sendresolve.privacy.retention_other import ACCOUNT
from sendresolve.privacy.retention_subjects import account_finish
from sendresolve.privacy.retention_table import CASE, TABLE
from sendresolve.privacy.subjects import Subject

ERASED_NAME = "Erased person"

# Text on a case that others wrote and that may name the person: (model, lookup to the case, fields).
SCRUBBED = (
    (PlanAgreement, "plan__case", ("statement", "typed_name")),
    (AuthorityToSettle, "case", ("statement", "typed_name")),
    (AttendanceDecision, "participant__case", ("parties_consulted", "reason")),
    (Objection, "allocation__case", ("party", "reason", "decision_reason")),
    (MeetingChange, "meeting__case", ("reason",)),
    (DutyUpdate, "action__plan__case", ("note",)),
    (CaseDeadline, "case", ("note",)),
    (Allocation, "case", ("end_reason",)),
    (Invitee, "meeting__case", ("basis",)),
    (AdviserContact, "case", ("notes",)),
    (ExpenseClaim, "case", ("typed_name", "review_reason")),  # a supporter's or second parent's own claim
    (ExpenseLine, "claim__case", ("description", "why_needed", "decision_reason")),
)


def _count(counts: Counter, entry, done: int) -> None:
    if done:
        counts[f"{entry.model} {DONE_WORDS[entry.action]}"] += done


def anonymise_cases(case_ids: list[int], *, now: datetime, counts: Counter) -> None:
    """Every entry of the retention table that follows a case, and the case's own-period rows (the mediator's
    notes), applied to these cases now; each case is then marked anonymised so the daily run leaves it alone."""
    if not case_ids:
        return
    for entry in TABLE:
        if entry.action == Action.KEEP:
            continue
        if entry.subject is CASE:
            _count(counts, entry, retention_act(entry, subject_rows(entry, case_ids)))
        elif entry.subject is None and entry.case_path:
            rows = apps.get_model(entry.model)._default_manager.filter(**{f"{entry.case_path}__in": case_ids})
            _count(counts, entry, retention_act(entry, rows))
    AnonymisedCase.objects.bulk_create([AnonymisedCase(case_id=case_id, anonymised_at=now) for case_id in case_ids],
                                       ignore_conflicts=True)


def anonymise_account(user: User, *, now: datetime, counts: Counter) -> None:
    """The retention table's account entries, now: addresses, authenticators, a mediator's details and times go;
    the account is switched off with no name, address or password; it reads "Erased person" where work it did is
    shown."""
    for entry in TABLE:
        if entry.subject is ACCOUNT and entry.action != Action.KEEP:
            _count(counts, entry, retention_act(entry, subject_rows(entry, [user.pk])))
    User.objects.filter(pk=user.pk).update(full_name=ERASED_NAME)
    account_finish(user, now)


def _pattern(names: set[str]) -> re.Pattern | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _scrubbed(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED_NAME, value)
    if isinstance(value, dict):
        return {key: _scrubbed(item, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item, pattern) for item in value]
    return value


def scrub_names(subject: Subject, names: set[str], *, case_ids: list[int], counts: Counter) -> int:
    """The person's own rows on these cases lose their name, contact details, access needs and times; their names
    and addresses (`names`) are taken out of what others wrote on these cases, out of the timeline entries they made
    anywhere, and out of e-mails to others. Returns how many rows changed."""
    mine = Participant.objects.filter(subject.participant_filter())
    changed = AvailabilityAnswer.objects.filter(participant__in=mine).update(slots=[])
    changed += mine.update(name=ERASED_NAME, email="", phone="", user=None, access_needs=[],
                           interpreter_language="", access_notes="")
    pattern = _pattern(names)
    if pattern is None:
        return changed
    events = Q(case_id__in=case_ids) | (Q(actor=subject.user) if subject.user is not None else Q(pk__in=[]))
    changed += _scrub_rows(CaseEvent.objects.filter(events), ("parameters",), pattern)
    for model, path, fields in SCRUBBED:
        changed += _scrub_rows(model.objects.filter(**{f"{path}__in": case_ids}), fields, pattern)
    # E-mails to others that name them ("your mediator is ..."): kept as the record of what was sent, without it.
    outbox = OutboundEmail.objects.annotate(attached=Cast("attachments", TextField()))
    named = reduce(or_, (Q(subject__icontains=name) | Q(body_text__icontains=name) | Q(attached__icontains=name)
                         for name in names))
    changed += _scrub_rows(outbox.filter(named), ("subject", "body_text", "body_html", "attachments"), pattern)
    counts["rows naming them"] += changed
    return changed


def _scrub_rows(rows, fields: tuple[str, ...], pattern: re.Pattern) -> int:
    """Reads the fields once, writes back only the rows whose text named the person."""
    found = []
    for row in rows.only("pk", *fields):
        before = [getattr(row, name) for name in fields]
        after = [_scrubbed(value, pattern) for value in before]
        if after != before:
            for name, value in zip(fields, after, strict=True):
                setattr(row, name, value)
            found.append(row)
    if found:
        rows.model.objects.bulk_update(found, fields, batch_size=500)
    return len(found)
