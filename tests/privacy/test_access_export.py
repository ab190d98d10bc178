"""Subject access: the demo family's export holds their cases, documents, messages and the reads of their data,
and every file in it opens (the PDF through pdftotext, the JSON parsed, each carried file matched by SHA-256 to
the stored one); what is withheld says why; staff get their own part, not the families'; the export is audited."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.models import Case
from sendresolve.documents.models import StoredDocument
from sendresolve.notifications.models import OutboundEmail
from sendresolve.portal.demo import demo_load
from sendresolve.privacy.access import subject_records
from sendresolve.privacy.export import subject_access_export
from sendresolve.privacy.subjects import subject_for
from tests.factories import signed_in_with_mfa
from tests.privacy.people import SECRET_NOTE, agreed_case, attach_letter, files_in, open_export, provider_staff

__all__ = ["files_in"]
pytestmark = pytest.mark.django_db

DEMO_PARENT = "parent@demo.sendresolve.test"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_demo_familys_export_holds_their_cases_documents_messages_and_who_read_them(files_in):
    demo_load()
    parent = User.objects.get(email=DEMO_PARENT)
    officer = User.objects.get(email="case.officer@demo.sendresolve.test")
    la_officer = User.objects.get(email="la.officer@demo.sendresolve.test")
    admin = User.objects.get(email="admin@demo.sendresolve.test")
    sams = Case.objects.get(child_name="Sam Collins")
    # Their story goes on: the letter they sent; the officer and the LA read the case; Sarah asks for a sign-in code;
    # the family changes its mind, the certificate is issued and e-mailed, and Sarah downloads it.
    letter = attach_letter(sams, name="Northshire decision.pdf", content=b"%PDF-1.4 Northshire's decision")
    for reader in (officer, la_officer):
        assert signed_in_with_mfa(Client(), reader).get(f"/cases/{sams.reference}/").status_code == 200
    assert Client().post("/accounts/login/code/", {"email": DEMO_PARENT}).status_code == 302
    services.case_withdraw(acting_user=officer, case=sams, informed_on=timezone.localdate(),
                           reason="The family no longer wants to mediate")
    certificate = services.certificate_issue(acting_user=officer, case=Case.objects.get(pk=sams.pk))
    family = Client()
    family.force_login(parent)
    download = family.get(f"/cases/{sams.reference}/certificates/{certificate.number}.pdf")
    assert download.status_code == 200

    staff = signed_in_with_mfa(Client(), admin)
    key = f"u{parent.pk}"
    page = staff.get(f"/data-protection/people/{key}/")
    assert page.status_code == 200 and "What we hold about Sarah Collins" in page.content.decode()
    response = staff.post(f"/data-protection/people/{key}/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="subject-access-u')
    export = open_export(b"".join(response.streaming_content))
    data = export.data

    # Every file opens: the JSON parsed, the PDF read, each carried file the stored bytes.
    assert set(export.names) == {"data.json", "summary.pdf", *(entry["path"] for entry in data["files"])}
    stored = StoredDocument.objects.get(key=f"certificate:{certificate.number}")
    originals = {"Decision letter": letter.file, "Issued document": stored.file}
    for entry in data["files"]:
        carried = export.files[entry["path"]]
        assert entry["sha256"] == _sha256(carried) and entry["size"] == len(carried)
        with originals[entry["kind"]].open("rb") as original:
            assert _sha256(original.read()) == entry["sha256"], entry["path"]
    assert entry_for(data, "Issued document")["sha256"] == stored.sha256 == _sha256(download.content)
    assert entry_for(data, "Decision letter")["name"] == "Northshire decision.pdf"

    # Their cases.
    assert [case["reference"] for case in data["cases_about_you"]] == [sams.reference]
    case = data["cases_about_you"][0]
    assert case["child"]["name"] == "Sam Collins" and case["certificates"][0]["number"] == certificate.number
    assert "Speech and language therapy" in case["health_provision_wanted"]
    assert any("Family changed its mind" in event["what"] for event in case["timeline"])
    assert data["person"]["account"]["email"] == DEMO_PARENT

    # The messages: the certificate's e-mail in full; the sign-in code's listed, its code withheld.
    messages = {message["subject"]: message for message in data["messages_to_you"]}
    certificate_mail = next(m for s, m in messages.items() if "certificate" in s.lower())
    assert certificate.number in certificate_mail["body"]
    code_mail = next(m for s, m in messages.items() if "sign-in code" in s.lower())
    assert code_mail["body"] is None
    code = re.search(r"is:\s+(\S+)", OutboundEmail.objects.get(subject=code_mail["subject"]).body_text)[1]
    assert code not in export.raw.decode("latin-1") and code not in export.summary
    assert {"exemption": "sign_in_codes", "case": "", "what": code_mail["subject"],
            "when": code_mail["written_at"]} in data["withheld"]

    # Who read their records: the officer, the LA officer, Sarah herself, and the administrator's page.
    readers = {(read["by"], read["page"]) for read in data["reads_of_your_records"]}
    for reader in (officer, la_officer):
        assert (reader.email, f"/cases/{sams.reference}/") in readers
    assert (admin.email, f"/data-protection/people/{key}/") in readers
    assert (DEMO_PARENT, f"/cases/{sams.reference}/certificates/{certificate.number}.pdf") in readers

    # The summary a person reads (a long address may wrap inside its table cell).
    for words in ("Personal data held about Sarah Collins", f"Case {sams.reference}", "Who read your records",
                  officer.email, la_officer.email, "E-mails sent to you", certificate.number,
                  "What was not given, and why", "The codes and links in sign-in and password e-mails"):
        assert "".join(words.split()) in "".join(export.summary.split()), words

    # Producing it is audited, with who made it.
    made = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, actor=admin)
    assert (made.target_type, made.target_id, made.path) == ("accounts.User", str(parent.pk),
                                                              f"/data-protection/people/{key}/export/")


def entry_for(data: dict, kind: str) -> dict:
    return next(entry for entry in data["files"] if entry["kind"] == kind)


def test_confidential_notes_are_listed_with_the_reason_and_never_given(files_in):
    held = agreed_case()
    admin = provider_staff()
    export = open_export(_export(admin, f"u{held.parent.pk}"))
    assert SECRET_NOTE not in export.raw.decode("utf-8", "replace") and SECRET_NOTE not in export.summary
    withheld = [item for item in export.data["withheld"] if item["exemption"] == "confidential_notes"]
    assert withheld == [{"exemption": "confidential_notes", "case": held.case.reference, "what": "Private note",
                         "when": withheld[0]["when"]}]
    law = export.data["about"]["exemptions"]["confidential_notes"]["law"]
    assert "Schedule 2, Part 3, paragraph 16" in law and "Article 15(4)" in law
    assert "Schedule 2, Part 3, paragraph 16" in export.summary
    # Positive control: the rest of the case is there, the agreed plan and the EP's report included.
    case = export.data["cases_about_you"][0]
    assert case["action_plans"][0]["actions"] and case["action_plans"][0]["status"] == "Agreed by all parties"
    report = entry_for(export.data, "Evidence of an agreed action")
    assert export.files[report["path"]] == b"%PDF-1.4 the EP's report"


def test_staff_get_their_own_part_not_the_familys(files_in):
    held = agreed_case()
    provider = held.mediator.user.memberships.get().organisation
    manager = provider_staff(Role.SERVICE_MANAGER, provider)
    la_officer = subject_records(subject_for(manager, f"u{held.la_officer.pk}"))
    assert la_officer.data["cases_about_you"] == [] and la_officer.files == []
    assert [update["evidence"] for update in la_officer.data["duty_updates_you_made"]] == ["ep-report.pdf"]
    assert [item["exemption"] for item in la_officer.data["withheld"]] == ["files_about_others"]
    mediator = subject_records(subject_for(manager, f"u{held.mediator.user.pk}")).data
    assert [row["role"] for row in mediator["participation"]] == ["Mediator"]
    assert mediator["mediation"]["register"]["cases_at_once"] == 6
    assert [a["case"] for a in mediator["mediation"]["allocations"]] == [held.case.reference]
    assert [item["what"] for item in mediator["withheld"]] == ["Private note you wrote"]
    assert any(row["what"].startswith("Created: Added a Private note") for row in mediator["your_activity"])


def test_a_person_without_an_account_is_found_by_their_case_rows_and_address(files_in):
    held = agreed_case(family_email="no.account@example.test")
    row = held.case.participants.get(role="rights_holder")
    row.user = None
    row.save(update_fields=["user"])
    admin = provider_staff()
    data = open_export(_export(admin, f"p{row.pk}")).data
    assert data["person"]["account"] is None and data["person"]["addresses"] == ["no.account@example.test"]
    assert [case["reference"] for case in data["cases_about_you"]] == [held.case.reference]
    assert any(message["subject"].startswith("We have your request") for message in data["messages_to_you"])
    assert AuditEvent.objects.filter(action="export", target_type="cases.Participant", target_id=str(row.pk)).exists()


def test_file_names_a_family_typed_stay_in_the_folder_and_a_file_gone_from_storage_is_listed(files_in):
    held = agreed_case()
    attach_letter(held.case, name="../../../etc/passwd")
    attach_letter(held.case, name="..")
    gone = attach_letter(held.case, name="gone.pdf")
    gone.file.storage.delete(gone.file.name)
    export = open_export(_export(provider_staff(), f"u{held.parent.pk}"))  # checks every name in the ZIP
    letters = sorted(name for name in export.names if "/letter-" in name)
    assert len(letters) == 2 and letters[0].endswith("-passwd") and letters[1].endswith("-letter")
    missing = [entry for entry in export.data["files"] if entry["missing"]]
    assert [(entry["name"], entry["sha256"]) for entry in missing] == [("gone.pdf", None)]
    assert entry_for(export.data, "Evidence of an agreed action")["missing"] is False
    assert "(no longer stored)" in export.summary


def test_the_export_reads_a_fixed_number_of_queries_however_much_is_held(files_in, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    held = agreed_case(family_email="many.cases@example.test")
    admin = provider_staff()

    def queries() -> int:
        acting = User.objects.get(pk=admin.pk)  # as a new request has it: nothing read yet
        with CaptureQueriesContext(connection) as captured:
            subject_access_export(acting_user=acting, subject=subject_for(acting, f"u{held.parent.pk}"))
        return len(captured)

    first = queries()
    more = agreed_case(family_email="many.cases@example.test")  # a second case, plan, report, notes, e-mails
    attach_letter(more.case)
    attach_letter(held.case)
    assert signed_in_with_mfa(Client(), more.officer).get(f"/cases/{more.case.reference}/").status_code == 200
    assert held.case.participants.get(role="rights_holder").user == more.case.participants.get(
        role="rights_holder").user
    assert queries() == first


def _export(acting_user, key: str) -> bytes:
    made = subject_access_export(acting_user=acting_user, subject=subject_for(acting_user, key))
    return made.archive.read()
