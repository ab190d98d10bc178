"""Which rate card is in force on a day, and a card's rates as the pay calculation reads them."""

from __future__ import annotations

import bisect
from datetime import date

from sendresolve.fees.models import RateCard, TravelRule
from sendresolve.fees.pay import Rates
from sendresolve.mediators.models import MediatorProfile


def rates_of(card: RateCard) -> Rates:
    return Rates(card_id=card.pk, preparation_hourly=card.preparation_hourly, meeting_hourly=card.meeting_hourly,
                 write_up_hourly=card.write_up_hourly, travel_hourly=card.travel_hourly,
                 travel_paid=card.travel_rule == TravelRule.HOURLY, per_case=card.per_case,
                 per_session=card.per_session, prep_included_minutes=card.prep_included_minutes,
                 late_cancel=card.late_cancel)


class CardsInForce:
    """A mediator's rate cards, read once: the one in force on a day is the latest that started on or before it."""

    def __init__(self, mediator: MediatorProfile) -> None:
        cards = list(RateCard.objects.filter(mediator=mediator).order_by("effective_from"))
        self._starts = [card.effective_from for card in cards]
        self._rates = [rates_of(card) for card in cards]

    def on(self, day: date) -> Rates | None:
        index = bisect.bisect_right(self._starts, day) - 1
        return self._rates[index] if index >= 0 else None


def rate_card_on(mediator: MediatorProfile, day: date) -> RateCard | None:
    return (RateCard.objects.filter(mediator=mediator, effective_from__lte=day).order_by("-effective_from")
            .first())
