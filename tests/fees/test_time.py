"""A mediator records time only on the cases allocated to them, and corrects or removes it until it is on a statement
they accepted; each refusal says why and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendresolve.cases.models import CaseEvent
from sendresolve.fees import statements, timekeeping
from sendresolve.fees.events import FeeEvent
from sendresolve.fees.models import Statement, TimeEntry
from sendresolve.fees.timekeeping import TimeDetails, TimeRefused
from tests.factories import mediator
from tests.fees.conftest import Fees

pytestmark = pytest.mark.django_db


def details(fees: Fees, **changes) -> TimeDetails:
    values = {"activity": "prep_la", "worked_on": fees.last_month + timedelta(days=3), "minutes": 30, "note": ""}
    return TimeDetails(**{**values, **changes})


def test_time_on_an_allocated_case_is_recorded_with_a_staff_only_timeline_entry_and_an_audit_row(fees):
    entry = fees.record("prep_family", 45, note="Call with Sarah about Year 7")
    assert (entry.mediator, entry.case, entry.minutes, entry.statement) == (fees.mediator, fees.case, 45, None)
    event = CaseEvent.objects.get(case=fees.case, type=FeeEvent.TIME_RECORDED)
    assert event.staff_only and "45 minutes" in event.parameters["who"]
    assert fees.case.events.filter(type=FeeEvent.TIME_RECORDED).count() == 1


def test_time_on_a_case_not_allocated_to_the_mediator_is_refused(fees):
    other = mediator()
    with pytest.raises(PermissionDenied, match="only on a case allocated to you"):
        fees.record(user=other.user)
    assert not TimeEntry.objects.exists()
    fees.record()  # the positive control: the allocated mediator records it
    assert TimeEntry.objects.count() == 1


def test_only_mediators_on_the_register_record_time(fees):
    with pytest.raises(PermissionDenied, match="Only mediators on the register"):
        fees.record(user=fees.ready.officer)
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize(("change", "reason"), [
    ({"minutes": 0}, "1 to 720 minutes"),
    ({"minutes": 721}, "1 to 720 minutes"),
    ({"activity": "golf"}, "Choose what the time was spent on"),
    ({"worked_on": "future"}, "cannot be in the future"),
    ({"worked_on": "before allocation"}, "the work cannot be before that"),
    ({"note": "x" * 301}, "Keep the note to 300 characters"),
])
def test_bad_time_is_refused_with_the_reason_and_nothing_is_written(fees, change, reason):
    today = timezone.localdate()
    if change.get("worked_on") == "future":
        change["worked_on"] = today + timedelta(days=1)
    elif change.get("worked_on") == "before allocation":
        change["worked_on"] = today - timedelta(days=200)
    with pytest.raises(ValidationError, match=reason):
        timekeeping.time_entry_record(acting_user=fees.mediator.user, case=fees.case, details=details(fees, **change))
    assert not TimeEntry.objects.exists() and not CaseEvent.objects.filter(type=FeeEvent.TIME_RECORDED).exists()


def test_time_is_corrected_and_its_open_statement_drafted_again(fees):
    entry = fees.record("prep_family", 90)
    statement = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=fees.last_month)
    assert statement.revision == 1 and statement.total > 0
    before = statement.total
    timekeeping.time_entry_correct(acting_user=fees.mediator.user, entry=entry,
                                   details=details(fees, activity="prep_family", minutes=150))
    statement.refresh_from_db()
    assert statement.revision == 2 and statement.total == before + 40  # one more hour of preparation at £40
    assert CaseEvent.objects.filter(type=FeeEvent.TIME_CORRECTED).count() == 1


def test_another_mediator_cannot_correct_or_remove_someone_s_time(fees):
    entry = fees.record()
    other = mediator()
    with pytest.raises(PermissionDenied, match="not your time"):
        timekeeping.time_entry_correct(acting_user=other.user, entry=entry, details=details(fees, minutes=5))
    with pytest.raises(PermissionDenied, match="not your time"):
        timekeeping.time_entry_remove(acting_user=other.user, entry=entry)
    entry.refresh_from_db()
    assert entry.minutes == 45


def test_time_on_an_accepted_statement_never_changes(fees):
    entry = fees.record()
    statement = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=fees.last_month)
    fees.agree()
    statement.refresh_from_db()
    statements.statement_accept(acting_user=fees.mediator.user, statement=statement, revision=statement.revision)
    with pytest.raises(TimeRefused, match="which was accepted: it cannot change"):
        timekeeping.time_entry_correct(acting_user=fees.mediator.user, entry=entry, details=details(fees, minutes=5))
    with pytest.raises(TimeRefused, match="which was accepted"):
        timekeeping.time_entry_remove(acting_user=fees.mediator.user, entry=entry)
    entry.refresh_from_db()
    assert entry.minutes == 45 and entry.statement.status == Statement.Status.ACCEPTED
    late = fees.record(minutes=20)  # the positive control: new time for the same month waits for the next statement
    assert late.statement is None


def test_removing_the_only_time_on_an_open_statement_removes_the_statement(fees):
    entry = fees.record()
    statement = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=fees.last_month)
    timekeeping.time_entry_remove(acting_user=fees.mediator.user, entry=entry)
    assert not Statement.objects.filter(pk=statement.pk).exists() and not TimeEntry.objects.exists()
    assert CaseEvent.objects.filter(type=FeeEvent.TIME_REMOVED).count() == 1
