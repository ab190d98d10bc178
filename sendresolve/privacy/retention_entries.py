"""The shape of the retention table (`retention_table.py`): what one entry declares, in the manner of data-hub-api's
cleanup configuration. An entry is data: which model, what it holds, for how long from which event, why, and what
happens then. `retention.py` applies it; `retention_schedule_markdown` writes it out for docs/data-protection.md.

An entry either has its own period, counted from a field of its rows (`start`), or follows a subject: a case or an
account whose own period, once it ends, takes every entry hanging from it in one transaction per subject (`path` is
the lookup from the entry's model to the subject). Rows about a case under a legal hold are never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.clock.retention import RetentionPeriod, RetentionUnit


class Action(models.TextChoices):
    DELETE = "delete", "Deleted"
    ANONYMISE = "anonymise", "Anonymised, keeping the statistics"
    CLEAR = "clear", "Cleared, keeping the row"
    KEEP = "keep", "Kept with the anonymised record"


# Count words, by action, for the run's audit entry.
DONE_WORDS = {Action.DELETE: "deleted", Action.ANONYMISE: "anonymised", Action.CLEAR: "cleared"}


@dataclass(frozen=True)
class Period:
    """A period whose length is a setting (config/settings/retention.py), in a fixed unit. An empty setting keeps
    the data as long as what it belongs to: the entry does nothing."""

    setting: str
    unit: RetentionUnit

    def value(self) -> RetentionPeriod | None:
        amount = getattr(settings, self.setting)
        return None if amount is None else RetentionPeriod(int(amount), self.unit)

    @property
    def words(self) -> str:
        period = self.value()
        return "as long as what it belongs to" if period is None else period.words


class AnonymousPerson:
    """In `changes`: the one placeholder account ("Anonymised person") that a row's required link to whoever acted
    is pointed at, where the link cannot be emptied and may name a family member."""

    def __repr__(self) -> str:
        return "ANONYMOUS_PERSON"


ANONYMOUS_PERSON = AnonymousPerson()


@dataclass(frozen=True)
class Subject:
    """A case or an account: when its period ends (and no hold stops it), every entry that follows it runs, in one
    transaction for that subject, which `finish` then marks done so no later run reads it again."""

    key: str
    model: str
    title: str  # what the subject is, for the schedule's heading
    runs_from: str  # the event, in plain words
    period: Period
    reason: str  # why, for every entry that follows it (unless the entry says otherwise)
    kept: str  # what stops it, in plain words
    expired: Callable[[datetime, RetentionPeriod], models.QuerySet]  # the subjects due now, not held, not done
    finish: Callable[[models.Model, datetime], None]


@dataclass(frozen=True)
class RetentionEntry:
    key: str
    model: str  # "app_label.ModelName"
    holds: str  # the personal data in it, in plain words
    reason: str  # why it is kept that long: the law, the contract or the purpose
    action: Action
    effect: str  # what happens, in plain words
    subject: Subject | None = None
    path: str = ""  # with a subject: the lookup from this model to it ("" for the subject itself)
    period: Period | None = None  # without a subject: its own period ...
    runs_from: str = ""  # ... counted from this event (plain words) ...
    start: str | Any = ""  # ... which is this field of the row (or an expression), a date or a moment
    only: Q = field(default_factory=Q)  # the rows the entry is about (for example: finished tasks only)
    case_path: str | None = None  # own-period rows of a case: the lookup to it, so a held case's rows are kept
    keep: Callable[[], Q] | None = None  # own-period rows kept whatever their age (about a held case)
    changes: Mapping[str, Any] = field(default_factory=dict)  # anonymise or clear: field -> new value
    files: tuple[str, ...] = ()  # file fields whose stored files go too
    select: Callable[[list[int]], models.QuerySet] | None = None  # with a subject, when no lookup reaches it

    @property
    def period_words(self) -> str:
        return (self.subject.period if self.subject else self.period).words

    @property
    def runs_from_words(self) -> str:
        return self.subject.runs_from if self.subject else self.runs_from

    @property
    def period_setting(self) -> str:
        return (self.subject.period if self.subject else self.period).setting


@dataclass(frozen=True)
class NoPersonalData:
    """A model that holds nothing about a person (or only a link to an account, which the account's own entry
    anonymises), with the reason."""

    model: str
    reason: str
