"""Money: pounds as `Decimal`, exact to the penny, rounded half up (as HMRC and LA finance systems do).

Every amount the service stores is a `money_field()` (a decimal column with two places), computed here and never with
floats: a line's amount is quantity x unit price rounded once, VAT is charged on each line's net amount and rounded
once, and a total is the sum of rounded lines, so the lines of an invoice always add up to its total.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models

PENNY = Decimal("0.01")


def pence(value: Decimal | int | str) -> Decimal:
    """The amount rounded to the penny, half up. Refuses floats: 0.1 + 0.2 is not 0.3 in binary."""
    if isinstance(value, float):
        raise TypeError("Money is never a float: pass a Decimal, an int or a string")
    try:
        return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
    except InvalidOperation as error:
        raise ValueError(f"Not an amount of money: {value!r}") from error


def line_amount(quantity: Decimal | int | str, unit_price: Decimal | int | str) -> Decimal:
    return pence(Decimal(quantity) * Decimal(unit_price))


def vat_on(net: Decimal, rate_percent: Decimal | int | str) -> Decimal:
    """VAT on one line's net amount, rounded to the penny."""
    return pence(Decimal(net) * Decimal(rate_percent) / 100)


def pounds(value: Decimal | None) -> str:
    """£1,234.50; a credit as -£12.00."""
    if value is None:
        return ""
    amount = pence(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def money_field(**options) -> models.DecimalField:
    """A column of money: up to £9,999,999,999.99, exact to the penny."""
    return models.DecimalField(max_digits=12, decimal_places=2, **options)
