"""Writing a statement's lines from the mediator's time, their late-cancelled meetings and the rate card in force on
each day (`pay.py` works out the amounts). Called inside the services' transactions, with the mediator's row locked,
so one mediator's statements are written by one transaction at a time.

Which statement a piece of time is on: the earliest open statement (not yet accepted) whose month ends on or after
its day; with none, it waits for the next statement drafted. Time added to a month whose statement was accepted goes
on the next statement, so nothing is lost and nothing is paid twice.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from sendresolve.cases.calendar import service_calendar
from sendresolve.clock.billing_periods import changed_late
from sendresolve.core.timezones import LONDON
from sendresolve.fees import pay
from sendresolve.fees.models import (
    KIND_OF_ACTIVITY,
    LineKind,
    SelfBillingAgreement,
    Statement,
    StatementLine,
    TimeEntry,
    TimeKind,
)
from sendresolve.fees.rates import CardsInForce
from sendresolve.mediators.models import Allocation, MediatorProfile
from sendresolve.meetings.models import MeetingChange

PREPARATION_ACTIVITIES = [activity for activity, kind in KIND_OF_ACTIVITY.items() if kind == TimeKind.PREPARATION]
NO_CARD = "no rate card in force on this day"


def locked_mediator(mediator: MediatorProfile) -> MediatorProfile:
    """The mediator's row, locked: the one lock every change to their time and statements takes first."""
    return MediatorProfile.objects.select_for_update().select_related("user").get(pk=mediator.pk)


def agreement_in_force(mediator: MediatorProfile, day: date) -> SelfBillingAgreement | None:
    return (SelfBillingAgreement.objects.filter(mediator=mediator, starts_on__lte=day, ends_on__gte=day)
            .order_by("-agreed_at", "-id").first())


def vat_rate_for(mediator: MediatorProfile, day: date):
    agreement = agreement_in_force(mediator, day)
    return settings.FEE_VAT_RATE_PERCENT if agreement is not None and agreement.vat_registered else pay.ZERO


def open_statement_for(mediator: MediatorProfile, day: date) -> Statement | None:
    """The statement time on `day` goes on now: the earliest open one whose month ends on or after it."""
    return (Statement.objects.filter(mediator=mediator, period_end__gte=day).exclude(status=Statement.Status.ACCEPTED)
            .order_by("period_start").first())


def start_of(day: date) -> datetime:
    """The first moment of `day` in England."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def end_of(day: date) -> datetime:
    """The last moment of `day` in England."""
    return datetime.combine(day, time.max, tzinfo=LONDON)


def late_cancellations(mediator: MediatorProfile, start: date, end: date,
                       statement: Statement | None = None) -> list[MeetingChange]:
    """Booked meetings on the mediator's cases cancelled from `start` to `end` (by anyone but the mediator) with
    fewer than `MEDIATOR_LATE_CANCEL_WORKING_DAYS` clear working days left before the meeting (the clock's
    `changed_late`, as billing counts it), and not on another statement already."""
    theirs = Allocation.objects.filter(case=OuterRef("meeting__case"), mediator=mediator,
                                       allocated_at__lte=OuterRef("changed_at")).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef("changed_at")))
    elsewhere = StatementLine.objects.filter(meeting_change=OuterRef("pk"))
    if statement is not None and statement.pk is not None:
        elsewhere = elsewhere.exclude(statement_id=statement.pk)
    changes = (MeetingChange.objects.filter(kind=MeetingChange.Kind.CANCELLED,
                                            changed_at__gte=start_of(start),
                                            changed_at__lte=end_of(end))
               .exclude(party=MeetingChange.Party.MEDIATOR)
               .filter(Exists(theirs)).exclude(Exists(elsewhere))
               .select_related("meeting__case").order_by("changed_at", "id"))
    calendar = service_calendar()
    late = []
    for change in changes:
        cancelled_on = timezone.localdate(change.changed_at)
        meeting_day = timezone.localdate(change.previous_start)
        if cancelled_on <= meeting_day and changed_late(cancelled_on, meeting_day,
                                                        settings.MEDIATOR_LATE_CANCEL_WORKING_DAYS, calendar):
            late.append(change)
    return late


def _entries_for(statement: Statement) -> list[TimeEntry]:
    """The time on the statement: what is on it already, and whatever waits for a statement up to its month's end."""
    waiting = Q(statement__isnull=True, worked_on__lte=statement.period_end)
    return list(TimeEntry.objects.filter(Q(statement=statement) | waiting, mediator=statement.mediator)
                .select_related("case").order_by("worked_on", "id"))


def _waiting_entries(statement: Statement) -> list[TimeEntry]:
    """A new statement's time: whatever waits for a statement up to its month's end."""
    return list(TimeEntry.objects.filter(statement__isnull=True, worked_on__lte=statement.period_end,
                                         mediator=statement.mediator)
                .select_related("case").order_by("worked_on", "id"))


def _lines_for(statement: Statement, entries: list[TimeEntry]) -> list[pay.Line]:
    mediator = statement.mediator
    cards = CardsInForce(mediator)
    case_ids = {entry.case_id for entry in entries}
    elsewhere = Q(statement__isnull=False) & ~Q(statement_id=statement.pk)
    prep_before = dict(TimeEntry.objects.filter(elsewhere, mediator=mediator, case_id__in=case_ids,
                                                activity__in=PREPARATION_ACTIVITIES)
                       .values_list("case_id").annotate(Sum("minutes")).order_by())
    fee_paid = set(StatementLine.objects.filter(statement__mediator=mediator, case_id__in=case_ids,
                                                kind=LineKind.CASE_FEE).exclude(statement_id=statement.pk)
                   .values_list("case_id", flat=True))
    unpriced = pay.Rates(card_id=0)
    work = [pay.Work(entry_id=entry.pk, case_id=entry.case_id, reference=entry.case.reference,
                     activity=entry.get_activity_display(), kind=entry.kind, day=entry.worked_on,
                     minutes=entry.minutes, rates=cards.on(entry.worked_on) or unpriced) for entry in entries]
    cancellations = []
    for change in late_cancellations(mediator, statement.period_start, statement.period_end, statement):
        day = timezone.localdate(change.changed_at)
        rates = cards.on(day)
        if rates is not None and rates.late_cancel > 0:
            cancellations.append(pay.Cancellation(change_id=change.pk, case_id=change.meeting.case_id,
                                                  reference=change.meeting.case.reference, day=day, rates=rates))
    return pay.statement_lines(work, cancellations, vat_rate=statement.vat_rate, prep_minutes_before=prep_before,
                               cases_with_fee=fee_paid)


def statement_write(statement: Statement, *, now: datetime) -> Statement | None:
    """(Re)writes the open statement's lines and totals from what is recorded now; an open statement left with
    nothing on it is deleted (None). The caller holds the mediator's lock."""
    entries = _entries_for(statement) if statement.pk is not None else _waiting_entries(statement)
    statement.vat_rate = vat_rate_for(statement.mediator, timezone.localdate(now))
    lines = _lines_for(statement, entries)
    if not lines:
        if statement.pk is not None:
            TimeEntry.objects.filter(statement=statement).update(statement=None)
            statement.delete()
        return None
    totals = pay.statement_totals(lines)
    statement.net, statement.vat, statement.total = totals.net, totals.vat, totals.total
    if statement.pk is None:
        statement.save()
    else:
        statement.revision += 1
        statement.save(update_fields=["vat_rate", "net", "vat", "total", "revision"])
        statement.lines.all().delete()
    TimeEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(statement=statement)
    StatementLine.objects.bulk_create([
        StatementLine(statement=statement, position=position, kind=line.kind, on_date=line.day, case_id=line.case_id,
                      case_reference=line.reference,
                      description=line.description if line.card_id else f"{line.description} ({NO_CARD})",
                      minutes=line.minutes, rate=line.rate, net=line.net, vat=line.vat, time_entry_id=line.entry_id,
                      meeting_change_id=line.change_id, rate_card_id=line.card_id or None)
        for position, line in enumerate(lines, start=1)])
    return statement


def statements_rewrite_open(mediator: MediatorProfile, *, now: datetime) -> None:
    """Rewrites every open statement of the mediator (their time, a rate card or their VAT status changed)."""
    for statement in Statement.objects.filter(mediator=mediator).exclude(status=Statement.Status.ACCEPTED).order_by(
            "period_start"):
        statement_write(statement, now=now)

