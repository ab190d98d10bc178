"""Statements: drafted from the time and the rate card in force on each day, once a month (or on demand), accepted
by the mediator as their self-billed invoice (numbered without gaps, frozen as a PDF) or disputed back to the
service manager."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.audit.models import AuditEvent
from sendresolve.clock.months import month_start
from sendresolve.core.timezones import LONDON
from sendresolve.documents.models import StoredDocument
from sendresolve.fees import cards, statements
from sendresolve.fees.cards import CardRates
from sendresolve.fees.issued import statement_document
from sendresolve.fees.models import LineKind, Statement, StatementRun
from sendresolve.fees.statements import StatementRefused
from sendresolve.meetings.models import Meeting, MeetingChange
from tests.factories import mediator
from tests.fees.conftest import RATES, Fees, make_fees

pytestmark = pytest.mark.django_db


def draft(fees: Fees) -> Statement:
    return statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=fees.last_month)


def accept(fees: Fees, statement: Statement) -> Statement:
    statement.refresh_from_db()
    return statements.statement_accept(acting_user=fees.mediator.user, statement=statement,
                                       revision=statement.revision)


def test_a_statement_pays_time_by_the_card_the_case_fee_once_and_each_session(fees):
    fees.record("prep_family", 45)  # 45 of the 60 included minutes
    fees.record("prep_la", 45, day=fees.last_month + timedelta(days=4))  # 15 included, 30 paid at £40
    fees.record("meeting", 150, day=fees.last_month + timedelta(days=9))  # 2.5 hours at £60, and a session fee
    fees.record("write_up", 40, day=fees.last_month + timedelta(days=9))  # 40 minutes at £45
    statement = draft(fees)
    lines = list(statement.lines.order_by("position"))
    assert [(line.kind, line.net) for line in lines] == [
        (LineKind.CASE_FEE, Decimal("150.00")), (LineKind.TIME, Decimal("0.00")),
        (LineKind.TIME, Decimal("20.00")),
        (LineKind.TIME, Decimal("150.00")), (LineKind.SESSION_FEE, Decimal("25.00")),
        (LineKind.TIME, Decimal("30.00"))]
    assert "included in the case fee" in lines[1].description and lines[2].description.endswith(
        "45 minutes (15 minutes included in the case fee)")
    assert all(line.case_reference == fees.case.reference for line in lines)
    assert fees.case.child_name not in " ".join(line.description for line in lines)
    assert (statement.net, statement.vat, statement.total) == (Decimal("375.00"), 0, Decimal("375.00"))
    assert statement.status == Statement.Status.AWAITING and statement.number == ""
    assert AuditEvent.objects.filter(target_type="fees.Statement", summary__startswith="Drafted").exists()


def test_the_case_fee_is_paid_on_one_statement_only(fees):
    fees.agree()
    fees.record()
    accept(fees, draft(fees))
    fees.record("write_up", 60, day=timezone.localdate())
    this_month = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator,
                                            month=timezone.localdate())
    assert not this_month.lines.filter(kind=LineKind.CASE_FEE).exists()
    assert this_month.total == Decimal("45.00")


def test_the_rate_card_in_force_on_each_day_prices_it(fees):
    later = fees.last_month + timedelta(days=10)
    cards.rate_card_save(acting_user=fees.admin, mediator=fees.mediator,
                         rates=CardRates(**{**RATES.__dict__, "effective_from": later,
                                        "write_up_hourly": Decimal("60.00")}))
    fees.record("write_up", 60, day=later - timedelta(days=1))
    fees.record("write_up", 60, day=later)
    nets = [line.net for line in draft(fees).lines.filter(kind=LineKind.TIME).order_by("on_date")]
    assert nets == [Decimal("45.00"), Decimal("60.00")]


def test_vat_is_charged_per_line_for_a_vat_registered_mediator(fees):
    fees.agree(vat_number="GB 123 4567 89")
    fees.record("write_up", 50)  # £37.50 net, VAT £7.50
    statement = draft(fees)
    assert statement.vat_rate == Decimal("20")
    assert [(line.net, line.vat) for line in statement.lines.all()] == [
        (Decimal("150.00"), Decimal("30.00")), (Decimal("37.50"), Decimal("7.50"))]
    assert statement.total == Decimal("225.00")


def test_accepting_numbers_the_statement_freezes_it_and_stores_its_pdf_once(fees, stored_files):
    fees.record()
    statement = draft(fees)
    with pytest.raises(StatementRefused, match="Agree to self-billing first"):
        accept(fees, statement)
    fees.agree()
    statement = accept(fees, statement)
    assert statement.status == Statement.Status.ACCEPTED
    assert statement.number == f"SB-M{fees.mediator.pk}-0001"
    document = StoredDocument.objects.get(key=f"fee-statement:{statement.pk}")
    content = document.content()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == statement.document_sha256
    assert statement_document(statement).pk == document.pk  # served as those bytes, never rendered again
    with pytest.raises(StatementRefused, match="accepted already"):
        accept(fees, statement)


def test_numbers_run_without_gaps_per_mediator(fees):
    fees.agree()
    fees.record()
    first = accept(fees, draft(fees))
    fees.record("write_up", 30, day=timezone.localdate())
    second = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator,
                                        month=timezone.localdate())
    with pytest.raises(StatementRefused, match="changed after you opened it"):
        statements.statement_accept(acting_user=fees.mediator.user, statement=second, revision=second.revision + 1)
    second = accept(fees, second)  # the refused acceptance took no number
    assert (first.number[-4:], second.number[-4:]) == ("0001", "0002")
    other = make_fees()
    other.agree()
    other.record()
    assert accept(other, draft(other)).number == f"SB-M{other.mediator.pk}-0001"


def test_one_series_for_the_provider_when_set(fees, settings):
    settings.FEE_STATEMENT_NUMBERING = "per_provider"
    other = make_fees()
    for each in (fees, other):
        each.agree()
        each.record()
    assert [accept(each, draft(each)).number for each in (fees, other)] == ["SB-0001", "SB-0002"]


def test_only_the_mediator_accepts_or_disputes_their_statement(fees):
    fees.record()
    statement = draft(fees)
    fees.agree()
    statement.refresh_from_db()
    for who in (mediator().user, fees.manager):
        with pytest.raises(PermissionDenied, match="Only the mediator the statement is for"):
            statements.statement_accept(acting_user=who, statement=statement, revision=statement.revision)
        with pytest.raises(PermissionDenied, match="Only the mediator the statement is for"):
            statements.statement_dispute(acting_user=who, statement=statement, revision=statement.revision,
                                         line=statement.lines.first(), reason="Wrong")
    statement.refresh_from_db()
    assert statement.status == Statement.Status.AWAITING


def test_a_disputed_line_goes_to_the_service_manager_who_answers_and_sends_it_back_redrafted(fees):
    fees.record("meeting", 120)
    statement = draft(fees)
    line = statement.lines.get(kind=LineKind.TIME)
    with pytest.raises(ValidationError, match="Say what is wrong with the line"):
        statements.statement_dispute(acting_user=fees.mediator.user, statement=statement,
                                     revision=statement.revision, line=line, reason="  ")
    statements.statement_dispute(acting_user=fees.mediator.user, statement=statement, revision=statement.revision,
                                 line=line, reason="My meeting rate is £70 from last month")
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DISPUTED
    with pytest.raises(StatementRefused, match="with the service manager"):
        accept(fees, statement)
    with pytest.raises(PermissionDenied, match="Only a service manager"):
        statements.statement_answer_dispute(acting_user=fees.mediator.user, statement=statement, answer="No")
    cards.rate_card_save(acting_user=fees.admin, mediator=fees.mediator, card=fees.card,
                         rates=CardRates(**{**RATES.__dict__, "meeting_hourly": Decimal("70.00")}))
    statements.statement_answer_dispute(acting_user=fees.manager, statement=statement,
                                        answer="Corrected: your card now says £70")
    statement.refresh_from_db()
    assert statement.status == Statement.Status.AWAITING
    assert statement.lines.get(kind=LineKind.TIME).net == Decimal("140.00")
    dispute = statement.disputes.get()
    assert dispute.answer.startswith("Corrected") and dispute.answered_by == fees.manager
    with pytest.raises(StatementRefused, match="not disputed"):
        statements.statement_answer_dispute(acting_user=fees.manager, statement=statement, answer="Again")


def test_a_line_without_a_rate_card_blocks_acceptance_until_one_is_added(fees):
    early = fees.last_month + timedelta(days=1)
    fees.card.effective_from = early + timedelta(days=1)
    fees.card.save()
    fees.record(day=early)
    statement = draft(fees)
    fees.agree()
    assert "no rate card in force" in statement.lines.get().description
    with pytest.raises(StatementRefused, match="no rate card for their day"):
        accept(fees, statement)
    cards.rate_card_save(acting_user=fees.admin, mediator=fees.mediator,
                         rates=CardRates(**{**RATES.__dict__, "effective_from": early}))
    assert accept(fees, statement).status == Statement.Status.ACCEPTED


def test_a_rate_card_used_on_an_accepted_statement_cannot_change(fees):
    fees.agree()
    fees.record()
    accepted = accept(fees, draft(fees))
    with pytest.raises(cards.RateCardRefused, match=f"on accepted statement {accepted.number}"):
        cards.rate_card_save(acting_user=fees.admin, mediator=fees.mediator, card=fees.card,
                             rates=CardRates(**{**RATES.__dict__, "per_case": Decimal("1.00")}))
    fees.card.refresh_from_db()
    assert fees.card.per_case == Decimal("150.00")


def test_the_monthly_run_drafts_last_month_once_however_often_it_runs(fees):
    fees.record()
    fees.record("write_up", 30, day=timezone.localdate())  # this month's: not yet
    today = timezone.localdate()
    assert statements.statements_draft_monthly(today=today) == 1
    assert statements.statements_draft_monthly(today=today) == 0
    statement = Statement.objects.get()
    assert (statement.period_start, statement.drafted_by) == (fees.last_month, None)
    assert statement.lines.filter(on_date__gte=month_start(today)).count() == 0
    assert StatementRun.objects.get().month == fees.last_month
    assert statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator,
                                      month=fees.last_month) is None  # drafted once, on demand too


def test_the_monthly_run_waits_for_its_day(fees, settings):
    settings.FEE_STATEMENT_DRAFT_DAY = 28
    fees.record()
    assert statements.statements_draft_monthly(today=date(2030, 5, 27)) == 0
    assert not Statement.objects.exists()


def test_a_meeting_cancelled_late_by_the_la_pays_the_late_cancellation_fee_and_the_mediator_s_own_does_not(fees):
    start = datetime.combine(fees.last_month + timedelta(days=14), time(10), tzinfo=LONDON)
    meeting = Meeting.objects.create(case=fees.case, start=start, end=start + timedelta(hours=3),
                                     booked_by=fees.ready.officer, status=Meeting.Status.CANCELLED)
    for party, hours_before in ((MeetingChange.Party.LA, 20), (MeetingChange.Party.MEDIATOR, 20),
                                (MeetingChange.Party.FAMILY, 24 * 12)):
        change = MeetingChange.objects.create(meeting=meeting, kind=MeetingChange.Kind.CANCELLED, party=party,
                                              reason="Ill", previous_start=start, changed_by=fees.ready.officer)
        MeetingChange.objects.filter(pk=change.pk).update(changed_at=start - timedelta(hours=hours_before))
    assert statements.statements_draft_monthly() == 1  # no time recorded: the cancellation alone is due
    line = Statement.objects.get().lines.get()
    assert (line.kind, line.net, line.case_reference) == (LineKind.LATE_CANCELLATION, Decimal("90.00"),
                                                          fees.case.reference)


def test_a_statement_cannot_be_drafted_for_a_month_not_started_nor_by_a_mediator(fees):
    with pytest.raises(ValidationError, match="has not started"):
        statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator,
                                   month=timezone.localdate() + timedelta(days=40))
    with pytest.raises(PermissionDenied, match="Only a service manager"):
        statements.statement_draft(acting_user=fees.mediator.user, mediator=fees.mediator, month=fees.last_month)
    assert not Statement.objects.exists()
