"""Mediators' monthly statements: drafted by the service (the worker's monthly run, or a service manager on demand),
accepted by the mediator (it becomes a self-billed invoice: numbered without gaps, frozen as a PDF) or disputed line
by line back to the service manager, who answers and sends it back redrafted. Each service checks who is acting and
writes the change with its audit row in one transaction, with the mediator's row locked."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import user_access
from sendresolve.audit.services import audit_record
from sendresolve.clock.billing_periods import financial_year_end
from sendresolve.clock.months import month_end, month_start, previous_month_start
from sendresolve.core.refusals import Refused
from sendresolve.core.text import plain_text
from sendresolve.fees.drafting import (
    agreement_in_force,
    end_of,
    late_cancellations,
    locked_mediator,
    start_of,
    statement_write,
)
from sendresolve.fees.issued import statement_document
from sendresolve.fees.models import Statement, StatementDispute, StatementLine, StatementRun, TimeEntry
from sendresolve.fees.numbering import statement_number_take
from sendresolve.fees.self_billing import provider_name_of
from sendresolve.mediators.models import MediatorProfile
from sendresolve.meetings.models import MeetingChange

log = logging.getLogger(__name__)
REASON_LENGTH = 2000


class StatementRefused(Refused):
    """A change to a statement the service will not make; the message says why."""


def require_service_manager(user: User) -> None:
    if Role.SERVICE_MANAGER not in user_access(user).roles:
        raise PermissionDenied("Only a service manager can do this.")


def statement_draft(*, acting_user: User | None, mediator: MediatorProfile, month: date) -> Statement | None:
    """The mediator's statement for the month of `month`, from their time up to its end that is on no statement yet
    and the meetings cancelled late in it. None when there is nothing to pay or the month's statement exists
    (drafting twice, or two workers at once, makes one statement). `acting_user` None: the service's monthly run."""
    if acting_user is not None:
        require_service_manager(acting_user)
    start, end = month_start(month), month_end(month)
    if start > timezone.localdate():
        raise ValidationError("A statement cannot be drafted for a month that has not started.")
    try:
        with transaction.atomic():
            mediator = locked_mediator(mediator)
            if Statement.objects.filter(mediator=mediator, period_start=start).exists():
                return None
            now = timezone.now()
            statement = statement_write(Statement(mediator=mediator, period_start=start, period_end=end,
                                                  financial_year_end=financial_year_end(end), drafted_at=now,
                                                  drafted_by=acting_user, waiting_since=now), now=now)
            if statement is None:
                return None
            audit_record(actor=acting_user, action="create", target=statement,
                         summary=f"Drafted the statement of {mediator} for {statement.month_words}: "
                                 f"{statement.lines.count()} lines, total {statement.total}")
    except IntegrityError:  # another worker drafted it between the check and the insert
        return None
    return statement


def statements_draft_for_month(*, acting_user: User | None, month: date) -> list[Statement]:
    """Every mediator's statement for the month of `month` that is due and not drafted yet."""
    start, end = month_start(month), month_end(month)
    has_month = Statement.objects.filter(mediator=OuterRef("pk"), period_start=start)
    waiting_time = TimeEntry.objects.filter(mediator=OuterRef("pk"), statement__isnull=True, worked_on__lte=end)
    candidates = MediatorProfile.objects.exclude(Exists(has_month))
    due = list(candidates.filter(Exists(waiting_time)).order_by("pk"))
    cancelled = (candidates.exclude(Exists(waiting_time))
                 .filter(allocations__case__meetings__changes__kind=MeetingChange.Kind.CANCELLED,
                         allocations__case__meetings__changes__changed_at__gte=start_of(start),
                         allocations__case__meetings__changes__changed_at__lte=end_of(end)).distinct().order_by("pk"))
    due += [mediator for mediator in cancelled if late_cancellations(mediator, start, end)]
    drafted = [statement_draft(acting_user=acting_user, mediator=mediator, month=start) for mediator in due]
    return [statement for statement in drafted if statement is not None]


def statements_draft_monthly(*, today: date | None = None) -> int:
    """The worker sweep's job: from FEE_STATEMENT_DRAFT_DAY of each month, last month's statements, once. Every
    sweep until then costs one query; drafting is idempotent (one statement per mediator and month), so two workers
    running it at once, or a run cut short and run again, draft each statement once."""
    today = today or timezone.localdate()
    month = previous_month_start(today)
    if today.day < settings.FEE_STATEMENT_DRAFT_DAY or StatementRun.objects.filter(month=month).exists():
        return 0
    drafted = statements_draft_for_month(acting_user=None, month=month)
    try:
        with transaction.atomic():
            StatementRun.objects.create(month=month, drafted=len(drafted))
    except IntegrityError:
        pass  # another worker finished the same run
    if drafted:
        log.info("drafted %d mediators' statements for %s", len(drafted), month)
    return len(drafted)


def _locked_statement(statement: Statement) -> Statement:
    locked_mediator(statement.mediator)
    return Statement.objects.select_for_update().select_related("mediator__user").get(pk=statement.pk)


def _own(acting_user: User, statement: Statement) -> None:
    if statement.mediator.user_id != acting_user.pk:
        raise PermissionDenied("Only the mediator the statement is for can accept or dispute it.")


def _awaiting(statement: Statement, revision: int) -> None:
    if statement.status == Statement.Status.ACCEPTED:
        raise StatementRefused(f"This statement was accepted already, as {statement.number}.")
    if statement.status == Statement.Status.DISPUTED:
        raise StatementRefused("This statement is with the service manager, who is looking at your dispute. It "
                               "comes back to you when they answer.")
    if revision != statement.revision:
        raise StatementRefused("The statement changed after you opened it (time or rates were corrected). Check it "
                               "again before you accept or dispute it.")


def statement_accept(*, acting_user: User, statement: Statement, revision: int) -> Statement:
    """The mediator accepts the statement as it stood when they read it (`revision`): it becomes their self-billed
    invoice, with the next number of its series, and is stored as a PDF once the acceptance commits."""
    with transaction.atomic():
        statement = _locked_statement(statement)
        _own(acting_user, statement)
        _awaiting(statement, revision)
        today = timezone.localdate()
        agreement = agreement_in_force(statement.mediator, today)
        if agreement is None:
            raise StatementRefused("Agree to self-billing first: the provider can issue your invoice only with your "
                                   "written agreement.")
        if statement.lines.filter(rate_card__isnull=True).exists():
            raise StatementRefused("Some lines have no rate card for their day, so they are not priced. Dispute "
                                   "one of them: the service manager will have a rate card added.")
        statement.status, statement.accepted_at, statement.accepted_by = (Statement.Status.ACCEPTED, timezone.now(),
                                                                           acting_user)
        statement.agreement, statement.number = agreement, statement_number_take(statement.mediator)
        statement.supplier_name, statement.supplier_address = agreement.typed_name, agreement.address
        statement.vat_number, statement.provider_name = agreement.vat_number, provider_name_of(statement.mediator)
        statement.save(update_fields=["status", "accepted_at", "accepted_by", "agreement", "number",
                                      "supplier_name", "supplier_address", "vat_number", "provider_name"])
        audit_record(actor=acting_user, action="update", target=statement,
                     summary=f"Accepted the statement for {statement.month_words} as {statement.number}, "
                             f"total {statement.total}")
    try:
        statement_document(statement)
    except Exception:  # the acceptance stands; the first download renders it from the same rows
        log.exception("statement %s: the PDF could not be stored now", statement.number)
    return statement


def statement_dispute(*, acting_user: User, statement: Statement, revision: int, line: StatementLine,
                      reason: str) -> StatementDispute:
    """The mediator disputes one line, with a reason: the statement goes to the service manager."""
    reason = plain_text(reason or "").strip()
    if not reason:
        raise ValidationError("Say what is wrong with the line, so the service manager can put it right.")
    if len(reason) > REASON_LENGTH:
        raise ValidationError(f"Keep the reason to {REASON_LENGTH} characters (it has {len(reason)}).")
    with transaction.atomic():
        statement = _locked_statement(statement)
        _own(acting_user, statement)
        _awaiting(statement, revision)
        if line.statement_id != statement.pk:
            raise ValidationError("Choose a line of this statement.")
        text = f"{line.on_date:%-d %B %Y}, {line.case_reference}: {line.description}, {line.net + line.vat}"
        dispute = StatementDispute.objects.create(statement=statement, revision=statement.revision,
                                                  line_text=text[:400], reason=reason, raised_by=acting_user)
        statement.status, statement.waiting_since = Statement.Status.DISPUTED, timezone.now()
        statement.save(update_fields=["status", "waiting_since"])
        audit_record(actor=acting_user, action="update", target=statement,
                     summary=f"Disputed a line of the statement for {statement.month_words}")
    return dispute


def statement_answer_dispute(*, acting_user: User, statement: Statement, answer: str) -> Statement:
    """The service manager answers the dispute (after any rate card was put right) and the statement goes back to
    the mediator, redrafted from the time and rates recorded now."""
    require_service_manager(acting_user)
    answer = plain_text(answer or "").strip()
    if not answer:
        raise ValidationError("Write your answer to the mediator: what was put right, or why the line stands.")
    if len(answer) > REASON_LENGTH:
        raise ValidationError(f"Keep the answer to {REASON_LENGTH} characters (it has {len(answer)}).")
    with transaction.atomic():
        statement = _locked_statement(statement)
        if statement.status != Statement.Status.DISPUTED:
            raise StatementRefused("This statement is not disputed: there is nothing to answer.")
        now = timezone.now()
        statement.disputes.filter(answered_at__isnull=True).update(answer=answer, answered_by=acting_user,
                                                                   answered_at=now)
        statement.status, statement.waiting_since = Statement.Status.AWAITING, now
        statement.save(update_fields=["status", "waiting_since"])
        audit_record(actor=acting_user, action="update", target=statement,
                     summary=f"Answered the dispute of {statement.mediator}'s statement for {statement.month_words}")
        rewritten = statement_write(statement, now=now)
    return rewritten or statement
