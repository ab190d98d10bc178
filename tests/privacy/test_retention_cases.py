"""A closed case and everything under it, 6 years after it closed or its last agreed action was done: every entry
that follows the case does what the table says to exactly its rows (one case just past its period anonymised, one
just inside it untouched); no word about the family is left; the stored files go; a held case, or one with a line
in a work queue, is kept; the statistics add up the same before and after."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.db.models import Count
from django.utils import timezone

from sendresolve.cases.models import Case, CaseDeadline, Certificate, Participant
from sendresolve.clock.retention import RetentionPeriod, RetentionUnit, retention_ends
from sendresolve.privacy.holds import legal_hold_lift
from sendresolve.privacy.models import AnonymisedCase
from sendresolve.privacy.retention import retention_apply, subject_rows
from sendresolve.privacy.retention_entries import ANONYMOUS_PERSON, Action
from sendresolve.privacy.retention_subjects import ANONYMOUS_PERSON_EMAIL
from sendresolve.privacy.retention_table import CASE, TABLE
from tests.factories import person
from tests.privacy.conftest import at, closed_case, finish_a_case, hold

pytestmark = pytest.mark.django_db

SIX_YEARS = RetentionPeriod(6, RetentionUnit.YEARS)
CASE_ENTRIES = [entry for entry in TABLE if entry.subject is CASE]
OWN_PERIOD_CASE_ENTRIES = [entry for entry in TABLE if entry.case_path is not None]
FAMILY_WORDS = ("Sam", "Collins", "Sarah", "Shah", "Year 7", "therapy", "psychologist", "example.test")


def rows_of(case: Case) -> dict[str, list[dict]]:
    """Every row the table holds about the case, by entry, as plain values."""
    rows = {entry.key: list(subject_rows(entry, [case.pk]).order_by("pk").values()) for entry in CASE_ENTRIES}
    for entry in OWN_PERIOD_CASE_ENTRIES:
        model = apps.get_model(entry.model)
        rows[entry.key] = list(model.objects.filter(**{entry.case_path: case}).order_by("pk").values())
    return rows


def stored_paths(rows: dict[str, list[dict]]) -> list[str]:
    return [row[name] for entry in (*CASE_ENTRIES, *OWN_PERIOD_CASE_ENTRIES) for name in entry.files
            for row in rows[entry.key] if row[name]]


def statistics() -> dict:
    """What reports count: cases by LA, kind, outcome and state, with their dates; certificates, meetings, agreed
    actions and deadlines met."""
    from sendresolve.agreements.models import PlanAction
    from sendresolve.meetings.models import Meeting

    return {
        "cases": list(Case.objects.values("local_authority", "kind", "outcome", "state").annotate(n=Count("id"))
                      .order_by("local_authority", "kind", "outcome", "state")),
        "dates": sorted(Case.objects.values_list("contacted_on", "mediation_held", "agreement_date",
                                                 "mediation_concluded", "closed_on", "child_date_of_birth__year")),
        "certificates": sorted(Certificate.objects.values_list("type", "issued_on", "appeal_deadline")),
        "meetings": sorted(Meeting.objects.values_list("format", "status", "start", "held_on")),
        "actions": sorted(PlanAction.objects.values_list("kind", "responsible")),
        "deadlines": sorted(CaseDeadline.objects.values_list("rule", "due", "met_on"),
                            key=lambda row: tuple(str(value) for value in row)),
        "people": sorted(Participant.objects.values_list("role", "organisation")
                         .annotate(n=Count("id")).values_list("role", "n")),
    }


def test_a_case_is_anonymised_the_day_its_six_years_end_and_nothing_else_changes(
        stored_files, django_capture_on_commit_callbacks):
    past, inside = finish_a_case(), finish_a_case(documents=False)
    today = timezone.localdate()
    # The first closed, and finished its agreed actions, two days before the second.
    Case.objects.filter(pk=past.case.pk).update(closed_on=today - timedelta(days=2))
    CaseDeadline.objects.filter(case=past.case, met_on__isnull=False).update(met_on=today - timedelta(days=2))
    ends = retention_ends(today - timedelta(days=2), SIX_YEARS)
    assert retention_ends(today, SIX_YEARS) > ends
    before_past, before_inside = rows_of(past.case), rows_of(inside.case)
    before_statistics = statistics()
    files_past, files_inside = stored_paths(before_past), stored_paths(before_inside)
    # Every entry of a case's own records has rows to act on (the billing apps' entries have tests of their own).
    own_apps = ("cases.", "agreements.", "meetings.", "mediators.", "documents.", "privacy.")
    empty = [entry.key for entry in (*CASE_ENTRIES, *OWN_PERIOD_CASE_ENTRIES)
             if entry.model.startswith(own_apps) and not before_past[entry.key]]
    assert empty == ["queue_lines"]
    assert len(files_past) == 5  # the letter, two pieces of evidence, the certificate and the plan

    retention_apply(now=at(ends - timedelta(days=1), 23))
    assert not AnonymisedCase.objects.exists()
    assert rows_of(past.case)["cases"] == before_past["cases"]  # the day before: not yet

    with django_capture_on_commit_callbacks(execute=True):
        counts = retention_apply(now=at(ends, 3))
    assert counts["cases.Case"] == {"anonymised": 1} and counts["documents.StoredDocument"] == {"deleted": 2}
    after_past = rows_of(past.case)
    after_inside = rows_of(inside.case)
    for entry in CASE_ENTRIES:  # just inside its period: untouched (its notes went after 30 days, on their own)
        assert after_inside[entry.key] == before_inside[entry.key], entry.key
    placeholder = apps.get_model("accounts.User").objects.get(email=ANONYMOUS_PERSON_EMAIL).pk
    for entry in (*CASE_ENTRIES, *OWN_PERIOD_CASE_ENTRIES):
        before, after = before_past[entry.key], after_past[entry.key]
        if entry.action == Action.DELETE:
            assert after == [], entry.key
            continue
        if entry.key == "timeline":  # one more: the event that says it was anonymised
            added, after = after[len(before):], after[:len(before)]
            assert [(row["type"], row["staff_only"]) for row in added] == [("anonymised", True)]
        assert [row["id"] for row in after] == [row["id"] for row in before], entry.key  # no row lost
        for old, new in zip(before, after, strict=True):
            for name, value in old.items():  # (a link's column is "<field>_id")
                expected = entry.changes.get(name.removesuffix("_id"), value)
                if expected is ANONYMOUS_PERSON:
                    expected = placeholder
                if not hasattr(expected, "resolve_expression"):  # the case's two expressions: checked below
                    assert new[name] == expected, (entry.key, name)
    case = Case.objects.get(pk=past.case.pk)
    assert case.reference == f"ANON-{case.pk}"
    assert case.child_date_of_birth == before_past["cases"][0]["child_date_of_birth"].replace(month=1, day=1)
    text = json.dumps(after_past, default=str)
    assert not [word for word in FAMILY_WORDS if word in text], "words about the family are left"
    assert not any((stored_files / path).exists() for path in files_past)
    assert all((stored_files / path).exists() for path in files_inside)
    assert statistics() == before_statistics
    assert retention_apply(now=at(ends, 4))["cases.Case"] == {}  # done once


def test_a_held_case_is_kept_until_its_hold_is_lifted():
    today = timezone.localdate()
    held, free = closed_case(on=today), closed_case(on=today)
    hold(held)
    ends = retention_ends(today, SIX_YEARS)
    retention_apply(now=at(ends))
    assert set(AnonymisedCase.objects.values_list("case", flat=True)) == {free.pk}
    assert Case.objects.get(pk=held.pk).child_name == "Sam Collins"
    legal_hold_lift(acting_user=person("administrator"), case=held, reason="Appeal decided")
    retention_apply(now=at(ends + timedelta(days=1)))
    assert Case.objects.get(pk=held.pk).child_name == ""


def test_the_six_years_run_from_the_last_agreed_action_done_and_a_line_in_a_work_queue_keeps_the_case():
    today = timezone.localdate()
    late, waiting = closed_case(on=today), closed_case(on=today)
    done_on = today + timedelta(days=400)
    for case in (late, waiting):
        CaseDeadline.objects.create(case=case, rule="T12", due=today + timedelta(days=7), met_on=done_on,
                                    obligation="The ICB tells the LA of the agreement", actor="ICB", citation="-")
    CaseDeadline.objects.filter(case=waiting, rule="T12").update(met_on=None, in_queue=True)
    retention_apply(now=at(retention_ends(today, SIX_YEARS) + timedelta(days=30)))
    assert not AnonymisedCase.objects.exists()
    retention_apply(now=at(retention_ends(done_on, SIX_YEARS)))
    assert set(AnonymisedCase.objects.values_list("case", flat=True)) == {late.pk}
    assert Case.objects.get(pk=waiting.pk).child_name == "Sam Collins"
