"""The apps above cases plug into it through `cases.extensions`; registering twice must not double anything
(a duty listed twice in the work queue, a panel drawn twice)."""

from django.apps import apps

from sendresolve.agreements.duties import duty_rows
from sendresolve.cases import extensions


def test_each_app_registers_once_even_if_ready_runs_again():
    before = (list(extensions.CASE_PANELS), list(extensions.DEADLINE_SOURCES),
              list(extensions.STANDING_RULE_PREFIXES), list(extensions.MEETING_FAMILY_NOTES))
    for label in ("agreements", "meetings", "mediators", "expenses"):
        apps.get_app_config(label).ready()
    after = (extensions.CASE_PANELS, extensions.DEADLINE_SOURCES,
             extensions.STANDING_RULE_PREFIXES, extensions.MEETING_FAMILY_NOTES)
    assert [list(x) for x in after] == [list(x) for x in before]
    assert duty_rows in extensions.DEADLINE_SOURCES
    assert [panel.__module__ for panel in extensions.CASE_PANELS] == [
        "sendresolve.meetings.selectors", "sendresolve.agreements.selectors", "sendresolve.expenses.selectors"]


def test_agreed_actions_stay_standing_and_case_rules_do_not():
    assert extensions.is_standing_rule("T10")
    assert not extensions.is_standing_rule("T4")
