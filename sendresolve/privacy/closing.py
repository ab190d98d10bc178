"""Cases that end without a meeting close themselves once nothing is left to do, so that their retention (and the
destruction of the mediator's notes) can run: a mediation the family withdrew from, or that could not be arranged in
30 days, once its certificate is issued; a disagreement resolution withdrawn, or that a party declined. Such a case
closes the day after the last date it carries (its last duty, or the family's appeal deadline if that is later:
until then, a family whose mediation could not be arranged may still ask for it to carry on), and only when nothing
of it is in anyone's work queue but the dates of the meeting that will not happen. The service is the actor: the
transition goes through the one writer (`cases.transitions.case_transition`, ADR 13) like any other."""

from __future__ import annotations

import logging
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from sendresolve.cases import events
from sendresolve.cases.choices import CaseKind
from sendresolve.cases.clockwork import ARRANGING_RULES
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.states import State
from sendresolve.cases.transitions import case_transition
from sendresolve.clock.output import long_date
from sendresolve.core.refusals import Refused

log = logging.getLogger(__name__)

# Where a case ends without a meeting and the only move left is to close it.
ENDED_WITHOUT_MEETING = (
    Q(kind=CaseKind.MEDIATION, state=State.CERTIFICATE_ISSUED, mediation_held__isnull=True)
    & (Q(withdrawal_informed__isnull=False) | Q(unable_to_arrange_informed__isnull=False))
) | Q(kind=CaseKind.DR, state__in=[State.WITHDRAWN, State.DECLINED])


# The meeting's own dates (arrange it within 30 days, give notice of it): moot once there will be no meeting, though
# the case's state keeps them in the work queue until it closes.
MEETING_RULES = ARRANGING_RULES | {"T5"}


class NotFinished(Refused):
    """The case has something left to do, or has moved on, since it was found."""


def cases_finished(today: date) -> QuerySet:
    """Cases that ended without a meeting, whose last date has passed, with nothing in anyone's work queue but the
    dates of the meeting that will not happen."""
    last_date = (CaseDeadline.objects.filter(case=OuterRef("pk"))
                 .annotate(last=Greatest("due", Coalesce("act_by", "due"))).order_by("-last").values("last")[:1])
    return (Case.objects.filter(ENDED_WITHOUT_MEETING)
            .exclude(Exists(CaseDeadline.objects.filter(case=OuterRef("pk"), in_queue=True)
                            .exclude(rule__in=MEETING_RULES)))
            .annotate(last_date=Subquery(last_date))
            .filter(Q(last_date__lt=today) | Q(last_date__isnull=True)))


def _the_service(user, case) -> None:
    """The acting check of a transition the service makes itself: no person acts."""


def _why(case: Case) -> str:
    if case.kind == CaseKind.DR:
        return "a party declined" if case.state == State.DECLINED else "the family withdrew"
    return "mediation could not be arranged" if case.unable_to_arrange_informed else "the family withdrew"


def case_close_finished(*, case: Case, today: date) -> Case:
    """Closes one finished case, dated `today`, with a timeline entry saying why; refused if it is not finished."""
    with case_transition(acting_user=None, case=case, name="close", who=_the_service,
                         summary="Case closed by the service: nothing was left to do") as write:
        found = cases_finished(today).filter(pk=case.pk).values_list("pk", "last_date").first()
        if found is None:
            raise NotFinished(f"Case {case.reference} still has something to do.")
        last = f", and its last date ({long_date(found[1])}) has passed" if found[1] else ""
        write.set(closed_on=today)
        events.transition_event(case=write.case, actor=None, type_=events.EventType.CLOSED, on=today,
                                reason=f"closed by the service: {_why(write.case)}{last}; nothing was left to do")
    return write.case


def cases_close_finished(*, today: date) -> int:
    """The daily retention run's first step. Returns how many cases it closed."""
    closed = 0
    for case in cases_finished(today).order_by("pk").iterator(chunk_size=500):
        try:
            case_close_finished(case=case, today=today)
        except Refused as refusal:  # moved on meanwhile: left for tomorrow
            log.info("not closed: %s", refusal)
            continue
        closed += 1
    return closed
