"""The agreed plan as a tagged PDF and as a Word document: every action and its date in each, the version and
the agreement record; the Word file opens in python-docx and in LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document
from pypdf import PdfReader

from sendresolve.agreements import plans
from sendresolve.agreements.documents import plan_docx, plan_pdf
from sendresolve.clock.output import long_date
from tests.agreements.test_plans import EP_ACTION, F_ACTION, agree_all, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed_plan(held):
    return agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))


def _due_dates(plan) -> list[str]:
    return [long_date(d.due) for d in plan.case.deadlines.filter(plan_action__isnull=False)]


def test_the_pdf_is_tagged_with_a_title_and_language_and_has_every_action_and_date(agreed_plan, tmp_path):
    pdf = plan_pdf(agreed_plan)
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "en-GB"
    assert reader.metadata.title == f"Action Plan for case {agreed_plan.case.reference}, version 1"
    (tmp_path / "plan.pdf").write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "plan.pdf"), "-"], capture_output=True, check=True,
                                   text=True).stdout.split())
    for action in (F_ACTION, EP_ACTION):
        assert action.description in text
    dates = _due_dates(agreed_plan)
    assert len(dates) == 2 and all(date in text for date in dates)
    names = [a.typed_name for a in agreed_plan.agreements.all()]
    assert len(names) == 2 and all(f"{name} (" in text for name in names)  # the agreement record


def test_the_word_file_opens_in_python_docx_and_in_libreoffice(agreed_plan, tmp_path):
    data = plan_docx(agreed_plan)
    document = Document(io.BytesIO(data))
    assert document.core_properties.title.endswith("version 1")
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for action in (F_ACTION, EP_ACTION):
        assert action.description in cells
    assert all(date in cells for date in _due_dates(agreed_plan))
    paragraphs = " ".join(p.text for p in document.paragraphs)
    assert "agreed on" in paragraphs
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (Debian's libreoffice-writer-nogui) is needed: scripts/test.sh installs it"
    source = tmp_path / "plan.docx"
    source.write_bytes(data)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    text = subprocess.run(["pdftotext", str(tmp_path / "plan.pdf"), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "Agreed actions" in text and "educational psychologist" in " ".join(text.split())
