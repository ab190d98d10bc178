"""Free text cannot break the documents made from it: every field has a length limit that says so on the page,
control characters pasted from elsewhere are dropped, and the largest plan allowed still renders."""

from __future__ import annotations

import importlib
import inspect
import io
import subprocess

import pytest
from django import forms
from docx import Document

from sendresolve.agreements import plans
from sendresolve.agreements.documents import plan_docx, plan_pdf
from sendresolve.agreements.forms import ACTION_TEXT, PLAN_TEXT
from sendresolve.agreements.models import ActionPlan
from sendresolve.cases.intake import QUESTIONS
from sendresolve.core.text import plain_text
from tests.agreements.test_pages import _post_plan
from tests.agreements.test_plans import agree_all
from tests.factories import signed_in_with_mfa

pytestmark = pytest.mark.django_db
FORM_MODULES = ["sendresolve.agreements.forms", "sendresolve.cases.forms", "sendresolve.mediators.forms",
                "sendresolve.meetings.forms", "sendresolve.audit.forms"]


def _all_forms():
    found = {question.form for question in QUESTIONS.values()}
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        found |= {obj for obj in vars(module).values()
                  if inspect.isclass(obj) and issubclass(obj, forms.Form) and obj.__module__ == name}
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__name__}")


@pytest.mark.parametrize("form", _all_forms(), ids=lambda form: form.__name__)
def test_every_free_text_field_has_a_length_limit(form):
    for name, field in form.base_fields.items():
        if type(field) is forms.CharField or (isinstance(field, forms.CharField)
                                              and not isinstance(field, forms.EmailField | forms.RegexField)):
            assert field.max_length, f"{form.__name__}.{name} has no length limit"


def test_control_characters_are_dropped_but_lines_are_kept():
    assert plain_text("Speech\x0b therapy\x00 weekly\r\nfrom May\u2028") == "Speech therapy weekly\nfrom May"


def test_a_pasted_vertical_tab_is_dropped_and_the_word_file_still_opens(client, held):
    mediator = signed_in_with_mfa(client, held.mediator.user)
    assert _post_plan(mediator, held.case, 0, "Speech and language\x0b therapy weekly").status_code == 302
    plan = ActionPlan.objects.get(case=held.case)
    assert plan.actions.get().description == "Speech and language therapy weekly"
    plan = agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=plan, revision=plan.revision))
    response = signed_in_with_mfa(client, held.parent).get(f"/cases/{held.case.reference}/plan/v1.docx")
    text = "\n".join(cell.text for table in Document(io.BytesIO(response.content)).tables
                     for row in table.rows for cell in row.cells)
    assert "Speech and language therapy weekly" in text


def test_an_action_that_is_too_long_is_refused_with_its_length_and_kept(client, held):
    mediator = signed_in_with_mfa(client, held.mediator.user)
    typed = "An educational psychologist observes Sam. " * 30
    response = _post_plan(mediator, held.case, 0, typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Enter {ACTION_TEXT} characters or fewer (you entered {len(typed.strip())})" in page
    assert typed.strip() in page and 'maxlength="' not in page.split("actions-0-description")[1][:300]
    assert not ActionPlan.objects.filter(case=held.case).exists()


def test_the_largest_plan_allowed_renders_as_pdf_and_word(held):
    actions = [plans.ActionLine(f"Action {n}: " + "x" * (ACTION_TEXT - 20) + f" END{n}", "la", "non_appealable")
               for n in range(30)]
    plan = plans.plan_save_draft(acting_user=held.mediator.user, case=held.case, revision=0,
                                 issues_discussed="d" * PLAN_TEXT, issues_unresolved="u" * PLAN_TEXT,
                                 actions=actions)
    plan = agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=plan, revision=plan.revision))
    pdf = plan_pdf(plan)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "END29" in text.replace("\n", "")
    document = Document(io.BytesIO(plan_docx(plan)))
    assert any("END29" in cell.text for table in document.tables for row in table.rows for cell in row.cells)
