"""Statement numbers: one gap-free series per mediator (or one for the provider, `FEE_STATEMENT_NUMBERING`). A number
is taken only when a statement is accepted, in the acceptance's own transaction with the series' row locked: a
rolled-back acceptance gives its number back, and two acceptances at once queue on the row."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from sendresolve.fees.models import StatementSequence
from sendresolve.mediators.models import MediatorProfile

PER_MEDIATOR, PER_PROVIDER = "per_mediator", "per_provider"


def series_for(mediator: MediatorProfile) -> tuple[str, str]:
    """(series key, number prefix)."""
    if settings.FEE_STATEMENT_NUMBERING == PER_PROVIDER:
        return "provider", "SB-"
    if settings.FEE_STATEMENT_NUMBERING != PER_MEDIATOR:
        raise ValueError(f"FEE_STATEMENT_NUMBERING must be {PER_MEDIATOR} or {PER_PROVIDER}, "
                         f"not {settings.FEE_STATEMENT_NUMBERING!r}")
    return f"mediator:{mediator.pk}", f"SB-M{mediator.pk}-"


def statement_number_take(mediator: MediatorProfile) -> str:
    """The next number of the mediator's series. Must be called inside the transaction that uses it."""
    series, prefix = series_for(mediator)
    sequence = StatementSequence.objects.select_for_update().filter(series=series).first()
    if sequence is None:
        try:
            with transaction.atomic():  # a savepoint: another process may make the row first
                StatementSequence.objects.create(series=series)
        except IntegrityError:
            pass
        sequence = StatementSequence.objects.select_for_update().get(series=series)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{prefix}{sequence.last_number:04d}"
