"""Money is exact to the penny and rounds half up; lines always add up to their total."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendresolve.core.money import line_amount, pence, pounds, vat_on

amounts = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2, allow_nan=False)
quantities = st.decimals(min_value=Decimal("0"), max_value=Decimal("1000"), places=2, allow_nan=False)


def test_half_a_penny_rounds_up_as_finance_systems_do():
    assert pence("2.345") == Decimal("2.35")
    assert pence("-2.345") == Decimal("-2.35")
    assert vat_on(Decimal("10.03"), 20) == Decimal("2.01")  # 2.006
    assert line_amount("12.5", "0.45") == Decimal("5.63")  # 5.625 miles at 45p


def test_a_float_is_refused_and_nonsense_is_named():
    with pytest.raises(TypeError, match="never a float"):
        pence(0.1)
    with pytest.raises(ValueError, match="Not an amount of money: 'ten pounds'"):
        pence("ten pounds")
    assert pence("10") == Decimal("10.00")  # positive control


def test_amounts_are_written_in_pounds_with_a_sign_for_credits():
    assert pounds(Decimal("1234.5")) == "£1,234.50"
    assert pounds(Decimal("-12")) == "-£12.00"
    assert pounds(None) == ""


@given(st.lists(st.tuples(quantities, amounts), max_size=30))
def test_rounded_lines_and_their_vat_add_up_to_the_total_exactly(lines):
    nets = [line_amount(quantity, price) for quantity, price in lines]
    vats = [vat_on(net, 20) for net in nets]
    total = sum(nets, Decimal("0")) + sum(vats, Decimal("0"))
    assert total == pence(total)  # a sum of pennies is pennies: no rounding is ever needed at the total
    assert sum((-net for net in nets), Decimal("0")) + sum(nets, Decimal("0")) == 0  # a credit nets to zero
