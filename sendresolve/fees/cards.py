"""The provider's rate card for each mediator, kept by administrators (in the admin, through this audited service).
A card runs from its date until the next card's; one used on an accepted statement never changes, so a statement
stays what was accepted. The mediator's open statements are redrafted with the new rates in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.selectors import user_access
from sendresolve.audit.services import audit_record
from sendresolve.core.forms import LAW_BEGAN
from sendresolve.core.money import pence
from sendresolve.core.refusals import Refused
from sendresolve.fees.drafting import locked_mediator, statements_rewrite_open
from sendresolve.fees.models import RateCard, Statement, StatementLine, TravelRule
from sendresolve.mediators.models import MediatorProfile

MOST_PER_ITEM = Decimal("10000.00")  # a fee or hourly rate above this is a typing slip


class RateCardRefused(Refused):
    """A rate card change the service will not make; the message says why."""


@dataclass(frozen=True)
class CardRates:
    """What an administrator enters for a card, from a date (`pay.Rates` is a saved card as the pay reads it)."""

    effective_from: date
    preparation_hourly: Decimal = Decimal(0)
    meeting_hourly: Decimal = Decimal(0)
    write_up_hourly: Decimal = Decimal(0)
    travel_rule: str = TravelRule.NOT_PAID
    travel_hourly: Decimal = Decimal(0)
    per_case: Decimal = Decimal(0)
    per_session: Decimal = Decimal(0)
    prep_included_minutes: int = 0
    late_cancel: Decimal = Decimal(0)


MONEY = ("preparation_hourly", "meeting_hourly", "write_up_hourly", "travel_hourly", "per_case", "per_session",
         "late_cancel")


def rate_card_problems(rates: CardRates) -> dict[str, str]:
    """What is wrong with the rates, by field; empty when nothing is."""
    problems = {}
    for name in MONEY:
        value = getattr(rates, name)
        if not isinstance(value, Decimal):
            problems[name] = "Enter an amount in pounds and pence, for example 45.00."
        elif value < 0:
            problems[name] = "Enter an amount of £0.00 or more."
        elif value > MOST_PER_ITEM:
            problems[name] = f"Enter an amount up to £{MOST_PER_ITEM:,}."
        elif pence(value) != value:
            problems[name] = "Enter whole pence, for example 45.50."
    if not problems and not any(getattr(rates, name) > 0 for name in MONEY):
        problems["per_case"] = "A rate card must pay something: enter at least one rate or fee."
    if rates.travel_rule not in TravelRule.values:
        problems["travel_rule"] = "Choose whether travel time is paid."
    elif rates.travel_rule == TravelRule.HOURLY and rates.travel_hourly == 0:
        problems["travel_hourly"] = "Enter the travel rate, or choose that travel time is not paid."
    if not 0 <= rates.prep_included_minutes <= 24 * 60:
        problems["prep_included_minutes"] = "Enter 0 to 1,440 minutes."
    elif rates.prep_included_minutes and not rates.per_case:
        problems["prep_included_minutes"] = "Preparation can be included only in a case fee: enter the case fee."
    if not LAW_BEGAN <= rates.effective_from <= date(2099, 12, 31):
        problems["effective_from"] = "Enter a date from 1 September 2014."
    return problems


def _administrator(user: User) -> None:
    if not user_access(user).is_administrator:
        raise PermissionDenied("Only an administrator keeps mediators' rate cards.")


def rate_card_save(*, acting_user: User, mediator: MediatorProfile, rates: CardRates,
                   card: RateCard | None = None) -> RateCard:
    """Adds a rate card (`card` None) or changes one no accepted statement has used."""
    _administrator(acting_user)
    problems = rate_card_problems(rates)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        mediator = locked_mediator(mediator)
        clash = RateCard.objects.filter(mediator=mediator, effective_from=rates.effective_from)
        if card is not None:
            card = RateCard.objects.select_for_update().get(pk=card.pk, mediator=mediator)
            used = (StatementLine.objects.filter(rate_card=card, statement__status=Statement.Status.ACCEPTED)
                    .values_list("statement__number", flat=True).distinct().order_by("statement__number"))
            if used:
                raise RateCardRefused(f"This rate card is on accepted statement {', '.join(used)}, so it cannot "
                                      "change: add a new card from the date the new rates start.")
            clash = clash.exclude(pk=card.pk)
        if clash.exists():
            raise ValidationError({"effective_from": f"{mediator} already has a rate card from "
                                                     f"{rates.effective_from:%-d %B %Y}: change that one."})
        card = card or RateCard(mediator=mediator, created_by=acting_user)
        for field in fields(CardRates):
            setattr(card, field.name, getattr(rates, field.name))
        adding = card.pk is None
        card.save()
        audit_record(actor=acting_user, action="create" if adding else "update", target=card,
                     summary=("Added" if adding else "Changed") + f" the rate card of {mediator} from "
                             f"{rates.effective_from:%-d %B %Y}")
        statements_rewrite_open(mediator, now=timezone.now())
    return card
