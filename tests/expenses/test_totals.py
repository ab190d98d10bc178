"""A claim's arithmetic, property-tested: its approved total is the sum of its lines' approved amounts; no line is
approved for more than was claimed; no category passes its cap and no claim passes the claim cap; a decision that
would is refused whole, naming the cap."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sendresolve.core.money import line_amount, pence
from sendresolve.expenses.totals import LineDecision, LineToDecide, claimed_total, decide_lines

CATEGORIES = ["mileage", "parking", "childcare"]
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2, allow_nan=False)
caps = st.dictionaries(st.sampled_from(CATEGORIES), amounts, max_size=3)


@st.composite
def claims(draw):
    lines = [LineToDecide(number, draw(st.sampled_from(CATEGORIES)), "a cost", draw(amounts))
             for number in range(1, draw(st.integers(1, 8)) + 1)]
    decisions = {}
    for line in lines:
        kind = draw(st.sampled_from(["approved", "part_approved", "refused"]))
        part = draw(st.decimals(min_value=Decimal("0"), max_value=line.amount, places=2)) if kind == "part_approved" \
            else None
        decisions[line.line_id] = LineDecision(line.line_id, kind, part, "a reason")
    return lines, decisions


@given(claims(), caps, st.one_of(st.none(), amounts))
def test_what_is_approved_adds_up_and_stays_within_the_claim_and_the_caps(claim, category_caps, claim_cap):
    lines, decisions = claim
    try:
        decided = decide_lines(lines, decisions, caps=category_caps, claim_cap=claim_cap)
    except ValidationError as refusal:
        assert any(word in refusal.messages[0] for word in ("cap", "more than £0.00 and less than"))
        return
    total = claimed_total(result.approved_amount for result in decided)
    assert total == sum((result.approved_amount for result in decided), Decimal("0")) == pence(total)
    assert claim_cap is None or total <= claim_cap
    for line, result in zip(lines, decided, strict=True):
        assert Decimal("0") <= result.approved_amount <= line.amount
        assert (result.approved_amount == line.amount) == (result.decision == "approved")
    for category, cap in category_caps.items():
        assert sum((r.approved_amount for line, r in zip(lines, decided, strict=True) if line.category == category),
                   Decimal("0")) <= cap


@given(st.lists(amounts, max_size=20))
def test_a_claimed_total_is_the_exact_sum_of_its_lines(line_amounts):
    assert claimed_total(line_amounts) == sum(line_amounts, Decimal("0"))


@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("999.9"), places=1),
       st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2"), places=2))
def test_mileage_is_miles_times_the_rate_rounded_once_half_up(miles, rate):
    amount = line_amount(miles, rate)
    assert abs(amount - miles * rate) <= Decimal("0.005") and amount == pence(amount)


def test_a_refused_decision_is_refused_whole_with_the_cap_named():
    lines = [LineToDecide(1, "parking", "Parking", Decimal("6.00")), LineToDecide(2, "parking", "Parking",
                                                                                 Decimal("5.00"))]
    both = {1: LineDecision(1, "approved"), 2: LineDecision(2, "approved")}
    with pytest.raises(ValidationError, match="Parking: £11.00 approved is more than the cap of £10.00"):
        decide_lines(lines, both, caps={"parking": Decimal("10.00")}, claim_cap=None)
    within = {1: LineDecision(1, "approved"), 2: LineDecision(2, "part_approved", Decimal("4.00"), "The cap")}
    assert [d.approved_amount for d in decide_lines(lines, within, caps={"parking": Decimal("10.00")},
                                                    claim_cap=None)] == [Decimal("6.00"), Decimal("4.00")]
