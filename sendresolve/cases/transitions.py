"""The one writer of every case transition (ADR 13).

`case_transition` locks the case, checks who is acting, checks the declared table (`states.py`), runs the guards
the apps register for that transition, lets the caller write its own fields and typed event, then saves the state
with its audit row and recomputes the stored deadlines, all in one transaction. A refusal anywhere changes
nothing. The services that move a case (`case_conclude`, `meeting_book`, `case_record_outcome`...) are thin
wrappers around it, so a guard registered for a transition holds whichever page or job asks for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import user_access
from sendresolve.audit.services import audit_record
from sendresolve.cases.clockwork import case_store_deadlines
from sendresolve.cases.models import Case
from sendresolve.cases.selectors import is_case_mediator
from sendresolve.cases.states import Transition, transition_for

CASE_WORKERS = frozenset({Role.CASE_OFFICER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})

# Transition name -> checks run on the locked case before anything is written; each raises a refusal.
Guard = Callable[[Case, User], None]
GUARDS: dict[str, list[Guard]] = defaultdict(list)


def register_guard(name: str, guard: Guard) -> None:
    """For the apps above cases, in `ready()`: once, however often `ready()` runs."""
    if guard not in GUARDS[name]:
        GUARDS[name].append(guard)


def require_case_worker(user: User, case: Case | None = None) -> None:
    if not user_access(user).roles & CASE_WORKERS:
        raise PermissionDenied("Only the mediation service's case officers can change a case.")


def require_mediator_or_case_worker(user: User, case: Case) -> None:
    if not (is_case_mediator(user, case) or user_access(user).roles & CASE_WORKERS):
        raise PermissionDenied("Only the case's mediator or a case officer can record this.")


def locked_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def not_in_future(on: date, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError(f"The date {what} cannot be in the future.")


@dataclass
class TransitionWrite:
    """What the caller sees inside `case_transition`: the locked case to change, and the fields it changed."""

    case: Case
    transition: Transition
    fields: list[str] = field(default_factory=list)

    def set(self, **values) -> None:
        for name, value in values.items():
            setattr(self.case, name, value)
            self.fields.append(name)


@contextmanager
def case_transition(*, acting_user: User, case: Case, name: str, summary: str,
                    who: Guard = require_case_worker) -> Iterator[TransitionWrite]:
    with transaction.atomic():
        who(acting_user, case)
        locked = locked_case(case)
        transition = transition_for(locked.kind, name, locked.state)
        for guard in GUARDS.get(name, ()):
            guard(locked, acting_user)
        write = TransitionWrite(locked, transition)
        yield write
        case_save_change(write.case, acting_user, summary, *write.fields, state=transition.target)


def case_save_change(case: Case, acting_user: User, summary: str, *fields: str, state: str | None = None) -> Case:
    """Saves a change to a locked case with its audit row and fresh deadlines (inside the caller's transaction):
    the end of every transition, and changes that keep the state (a meeting moved)."""
    if state is not None:
        case.state = state
    case.save(update_fields=["state", "updated_at", *dict.fromkeys(fields)])
    audit_record(actor=acting_user, action="update", target=case, summary=summary)
    case_store_deadlines(case)
    return case
