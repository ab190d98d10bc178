"""`{% fragment %}`: list rows rendered once per set of values, and never from anything but plain values."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.template import Context, Template

from sendresolve.cases.visibility import Authority, ListedCase, QueueLine


@dataclass
class Mutable:
    name: str


def render_row(**values) -> str:
    return Template('{% load sendresolve %}{% fragment "cases/_queue_row.html" line=line today=today %}').render(
        Context(values))


def a_line(**changes) -> QueueLine:
    fields = {"id": 1, "due": date(2026, 12, 1), "rule": "reg42", "obligation": "Issue the amended plan",
              "note": "", "act_by": None,
              "case": ListedCase(id=7, reference="SR-1<b>", local_authority=Authority("Barsetshire <County>"))}
    return QueueLine(**{**fields, **changes})


def test_a_row_shows_its_line_escaped_and_overdue_against_today():
    html = render_row(line=a_line(), today=date(2026, 12, 2))
    assert "Tuesday 1 December 2026" in html
    assert "Overdue" in html
    assert "Barsetshire &lt;County&gt;" in html and "SR-1&lt;b&gt;" in html
    assert "Overdue" not in render_row(line=a_line(), today=date(2026, 12, 1))


def test_a_changed_line_renders_its_change_not_the_row_rendered_before():
    render_row(line=a_line(), today=date(2026, 12, 2))
    changed = render_row(line=a_line(obligation="Name the school"), today=date(2026, 12, 2))
    assert "Name the school" in changed and "Issue the amended plan" not in changed


def test_a_model_instance_is_refused_because_its_equality_is_its_key_not_its_content(db):
    from tests.factories import mediation_case

    case = mediation_case()
    with pytest.raises(TypeError, match="plain values compared by content; line is a Case"):
        render_row(line=case, today=date(2026, 12, 2))


def test_a_mutable_object_inside_a_line_is_refused():
    line = a_line(case=Mutable("SR-1"))
    with pytest.raises(TypeError, match="line is a QueueLine"):
        render_row(line=line, today=date(2026, 12, 2))
