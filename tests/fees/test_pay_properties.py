"""The pay calculation, property-tested (hypothesis): a statement's lines always sum to its total, VAT is charged on
each line's net and rounded once, the order time was recorded in changes nothing, the case fee is paid once per case,
and the preparation minutes a case fee includes are never paid again by the hour."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sendresolve.core.money import pence, vat_on
from sendresolve.fees import pay

MONEY = st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2, allow_nan=False,
                    allow_infinity=False)
KINDS = st.sampled_from([pay.PREPARATION, pay.MEETING, pay.WRITE_UP, pay.TRAVEL])
VAT_RATES = st.sampled_from([Decimal("0"), Decimal("20"), Decimal("5"), Decimal("17.5")])


@st.composite
def rates(draw, card_id: int = 1) -> pay.Rates:
    per_case = draw(MONEY)
    return pay.Rates(card_id=card_id, preparation_hourly=draw(MONEY), meeting_hourly=draw(MONEY),
                     write_up_hourly=draw(MONEY), travel_hourly=draw(MONEY), travel_paid=draw(st.booleans()),
                     per_case=per_case, per_session=draw(MONEY),
                     prep_included_minutes=draw(st.integers(0, 300)) if per_case else 0, late_cancel=draw(MONEY))


@st.composite
def statements(draw):
    cards = draw(st.lists(rates(), min_size=1, max_size=3))
    cards = [pay.Rates(**{**card.__dict__, "card_id": number}) for number, card in enumerate(cards, start=1)]
    work = [pay.Work(entry_id=number, case_id=draw(st.integers(1, 4)), reference="", activity="Work",
                     kind=draw(KINDS), day=date(2027, 3, 1) + timedelta(days=draw(st.integers(0, 30))),
                     minutes=draw(st.integers(1, 720)), rates=draw(st.sampled_from(cards)))
            for number in range(1, draw(st.integers(0, 25)) + 1)]
    work = [pay.Work(**{**item.__dict__, "reference": f"SR-{item.case_id}"}) for item in work]
    cancellations = [pay.Cancellation(change_id=number, case_id=1, reference="SR-1", day=date(2027, 3, 9),
                                      rates=draw(st.sampled_from(cards)))
                     for number in range(1, draw(st.integers(0, 3)) + 1)]
    return work, cancellations, draw(VAT_RATES)


@settings(max_examples=100, deadline=None)
@given(statements())
def test_a_statement_s_lines_always_sum_to_its_total(statement):
    work, cancellations, vat_rate = statement
    lines = pay.statement_lines(work, cancellations, vat_rate=vat_rate)
    totals = pay.statement_totals(lines)
    assert totals.total == totals.net + totals.vat
    assert totals.total == sum((line.net + line.vat for line in lines), Decimal("0"))
    for line in lines:
        assert line.net >= 0 and line.net == pence(line.net) and line.vat == vat_on(line.net, vat_rate)


@settings(max_examples=100, deadline=None)
@given(statements(), st.randoms(use_true_random=False))
def test_the_order_time_was_recorded_in_changes_nothing(statement, rng: random.Random):
    work, cancellations, vat_rate = statement
    shuffled = list(work)
    rng.shuffle(shuffled)
    assert pay.statement_lines(shuffled, cancellations, vat_rate=vat_rate) == pay.statement_lines(
        work, cancellations, vat_rate=vat_rate)


@settings(max_examples=100, deadline=None)
@given(statements(), st.sets(st.integers(1, 4)))
def test_each_case_fee_is_paid_once_and_never_for_a_case_paid_before(statement, paid_before):
    work, cancellations, vat_rate = statement
    lines = pay.statement_lines(work, cancellations, vat_rate=vat_rate, cases_with_fee=paid_before)
    fees = [line.case_id for line in lines if line.kind == pay.CASE_FEE]
    assert len(fees) == len(set(fees)) and not set(fees) & paid_before
    charged = {item.case_id for item in work if item.case_id not in paid_before and any(
        other.rates.per_case > 0 for other in work if other.case_id == item.case_id)}
    assert set(fees) <= charged


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 240), min_size=1, max_size=8), st.integers(0, 400), st.integers(0, 400),
       MONEY.filter(lambda rate: rate > 0))
def test_included_preparation_is_never_paid_by_the_hour(minutes, included, before, hourly):
    card = pay.Rates(card_id=1, preparation_hourly=hourly, per_case=Decimal("100"), prep_included_minutes=included)
    work = [pay.Work(entry_id=n, case_id=1, reference="SR-1", activity="Preparation", kind=pay.PREPARATION,
                     day=date(2027, 3, 1 + n), minutes=m, rates=card) for n, m in enumerate(minutes)]
    lines = pay.statement_lines(work, vat_rate=Decimal("0"), prep_minutes_before={1: before},
                                cases_with_fee={1})
    paid_minutes = max(0, sum(minutes) - max(0, included - before))
    assert sum(line.net for line in lines) == sum(
        (pay.hourly_amount(paid, hourly) for paid in _paid_per_entry(minutes, included, before)), Decimal("0"))
    assert sum(_paid_per_entry(minutes, included, before)) == paid_minutes


def _paid_per_entry(minutes: list[int], included: int, before: int) -> list[int]:
    used, paid = before, []
    for each in minutes:
        covered = max(0, min(each, included - used))
        used += each
        paid.append(each - covered)
    return paid


def test_time_is_paid_by_the_minute_rounded_once_per_line():
    card = pay.Rates(card_id=1, write_up_hourly=Decimal("45.00"), meeting_hourly=Decimal("50.00"))
    work = [pay.Work(1, 1, "SR-1", "Write-up", pay.WRITE_UP, date(2027, 3, 1), 50, card),
            pay.Work(2, 1, "SR-1", "Meeting", pay.MEETING, date(2027, 3, 2), 7, card)]
    lines = pay.statement_lines(work, vat_rate=Decimal("20"))
    assert [(line.net, line.vat) for line in lines] == [(Decimal("37.50"), Decimal("7.50")),
                                                         (Decimal("5.83"), Decimal("1.17"))]
    by_case = defaultdict(Decimal)
    for line in lines:
        by_case[line.case_id] += line.total
    assert by_case[1] == pay.statement_totals(lines).total == Decimal("52.00")
