"""The certificate PDF: tagged (PDF/UA-1), titled, in English, and saying what a Tribunal appeal needs."""

import io
import subprocess

import pytest
from django.utils import timezone
from pypdf import PdfReader

from sendresolve.accounts.roles import Role
from sendresolve.cases import services
from sendresolve.cases.issued import certificate_facts
from sendresolve.clock.output import long_date
from sendresolve.documents.certificates import certificate_pdf
from tests.factories import mediation_case, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    officer = person(Role.CASE_OFFICER)
    case = mediation_case(acting_user=officer)
    today = timezone.localdate()
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
    services.case_request_certificate(acting_user=officer, case=case, informed_on=today)
    return services.certificate_issue(acting_user=officer, case=case)


def test_the_pdf_is_tagged_with_a_title_and_language(certificate):
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate_facts(certificate))))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "en-GB"
    assert reader.metadata.title == f"Mediation certificate {certificate.number}"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_its_text_has_the_number_the_parties_and_the_appeal_deadline(certificate, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate_pdf(certificate_facts(certificate)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert certificate.number in flat
    assert long_date(certificate.appeal_deadline) in flat
    assert "Sam Collins" in flat and "Sarah Collins" in flat
    assert certificate.case.local_authority.name in flat
    assert "/verify/" in flat


def test_verify_confirms_only_the_right_number_and_date_of_birth(client, certificate):
    dob = certificate.case.child_date_of_birth
    good = {"number": certificate.number.lower(), "date_of_birth_0": dob.day, "date_of_birth_1": dob.month,
            "date_of_birth_2": dob.year}
    assert "Valid" in client.post("/verify/", good).content.decode()
    wrong = {**good, "date_of_birth_0": dob.day % 28 + 1}
    page = client.post("/verify/", wrong).content.decode()
    assert "Not valid" in page
    assert "Sam Collins" not in page  # nothing about the case is disclosed


def test_verify_is_rate_limited_against_guessing(client, certificate):
    guess = {"number": "MC-AAAA-AAAA", "date_of_birth_0": 1, "date_of_birth_1": 1, "date_of_birth_2": 2015}
    statuses = [client.post("/verify/", guess).status_code for _ in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
