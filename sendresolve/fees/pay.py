"""What a statement pays, worked out from plain facts: each piece of time with the rate card in force on its day,
and each late cancellation. Pure Python over `Decimal` (no database), so the sums are property-tested.

- Time is paid by the hour of its kind (preparation, meeting, write-up, travel when the card pays travel):
  minutes x rate / 60, rounded to the penny once per line.
- The first statement with time on a case pays the case fee once; preparation minutes the card includes in the case
  fee (`prep_included_minutes`, counted across every statement of the case) are not paid again by the hour.
- Each meeting entry pays the session fee; each late cancellation the late-cancellation fee.
- VAT, for a VAT-registered mediator, is charged on each line's net amount and rounded once (`core.money.vat_on`),
  so a statement's lines always add up to its total.
Nothing here knows a case's outcome: pay never depends on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sendresolve.core.money import pence, vat_on

PREPARATION, MEETING, WRITE_UP, TRAVEL = "preparation", "meeting", "write_up", "travel"
TIME, CASE_FEE, SESSION_FEE, LATE_CANCELLATION = "time", "case_fee", "session_fee", "late_cancellation"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Rates:
    card_id: int
    preparation_hourly: Decimal = ZERO
    meeting_hourly: Decimal = ZERO
    write_up_hourly: Decimal = ZERO
    travel_hourly: Decimal = ZERO
    travel_paid: bool = False
    per_case: Decimal = ZERO
    per_session: Decimal = ZERO
    prep_included_minutes: int = 0
    late_cancel: Decimal = ZERO

    def hourly(self, kind: str) -> Decimal:
        if kind == TRAVEL:
            return self.travel_hourly if self.travel_paid else ZERO
        return {PREPARATION: self.preparation_hourly, MEETING: self.meeting_hourly,
                WRITE_UP: self.write_up_hourly}[kind]


@dataclass(frozen=True)
class Work:
    """One time entry, with the rate card in force on its day."""

    entry_id: int
    case_id: int
    reference: str
    activity: str  # its words, e.g. "Preparation with the family"
    kind: str
    day: date
    minutes: int
    rates: Rates


@dataclass(frozen=True)
class Cancellation:
    """A booked meeting cancelled late, by someone other than the mediator."""

    change_id: int
    case_id: int
    reference: str
    day: date
    rates: Rates


@dataclass(frozen=True)
class Line:
    kind: str
    day: date
    case_id: int
    reference: str
    description: str
    rate: Decimal
    net: Decimal
    vat: Decimal
    card_id: int
    minutes: int | None = None
    entry_id: int | None = None
    change_id: int | None = None

    @property
    def total(self) -> Decimal:
        return self.net + self.vat


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    total: Decimal


def hours_and_minutes(minutes: int) -> str:
    """'45 minutes', '1 hour', '2 hours 30 minutes'."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def hourly_amount(minutes: int, rate: Decimal) -> Decimal:
    """minutes x rate per hour, rounded to the penny once."""
    return pence(Decimal(minutes) * Decimal(rate) / 60)


def statement_lines(work: Iterable[Work], cancellations: Iterable[Cancellation] = (), *, vat_rate: Decimal,
                    prep_minutes_before: dict[int, int] | None = None,
                    cases_with_fee: Iterable[int] = ()) -> list[Line]:
    """Every line of a statement, in order of date, case and kind. `prep_minutes_before`: preparation minutes of
    each case on other statements (they use the included minutes up first); `cases_with_fee`: cases whose fee is on
    another statement already."""
    work = sorted(work, key=lambda w: (w.day, w.entry_id))
    used = dict(prep_minutes_before or {})
    fee_paid = set(cases_with_fee)
    lines: list[Line] = []

    def add(kind: str, day: date, case_id: int, reference: str, description: str, rate: Decimal, net: Decimal,
            card_id: int, **more) -> None:
        net = pence(net)
        lines.append(Line(kind=kind, day=day, case_id=case_id, reference=reference, description=description,
                          rate=pence(rate), net=net, vat=vat_on(net, vat_rate), card_id=card_id, **more))

    for item in work:
        rates = item.rates
        if item.case_id not in fee_paid and rates.per_case > 0:
            fee_paid.add(item.case_id)
            add(CASE_FEE, item.day, item.case_id, item.reference, "Case fee", rates.per_case, rates.per_case,
                rates.card_id)
        paid, description = item.minutes, f"{item.activity}, {hours_and_minutes(item.minutes)}"
        if item.kind == PREPARATION:
            before = used.get(item.case_id, 0)
            included = max(0, min(item.minutes, rates.prep_included_minutes - before))
            used[item.case_id] = before + item.minutes
            paid = item.minutes - included
            if included:
                description += f" ({hours_and_minutes(included)} included in the case fee)"
        elif item.kind == TRAVEL and not rates.travel_paid:
            description += " (travel time is not paid)"
        rate = rates.hourly(item.kind)
        add(TIME, item.day, item.case_id, item.reference, description, rate, hourly_amount(paid, rate),
            rates.card_id, minutes=item.minutes, entry_id=item.entry_id)
        if item.kind == MEETING and rates.per_session > 0:
            add(SESSION_FEE, item.day, item.case_id, item.reference, "Session fee", rates.per_session,
                rates.per_session, rates.card_id, entry_id=item.entry_id)
    for cancelled in sorted(cancellations, key=lambda c: (c.day, c.change_id)):
        add(LATE_CANCELLATION, cancelled.day, cancelled.case_id, cancelled.reference,
            "Meeting cancelled late (not by you)", cancelled.rates.late_cancel, cancelled.rates.late_cancel,
            cancelled.rates.card_id, change_id=cancelled.change_id)
    # By day and case: the case fee first, then each entry with its session fee, then cancellations.
    return sorted(lines, key=lambda line: (line.day, line.reference, line.kind != CASE_FEE, line.entry_id is None,
                                           line.entry_id or 0, line.kind == SESSION_FEE, line.change_id or 0))


def statement_totals(lines: Iterable[Line]) -> Totals:
    """The sums of the rounded lines: the total is exactly the lines' net plus their VAT."""
    lines = list(lines)
    net = sum((line.net for line in lines), ZERO)
    vat = sum((line.vat for line in lines), ZERO)
    return Totals(net=net, vat=vat, total=net + vat)
