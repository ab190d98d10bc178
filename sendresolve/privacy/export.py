"""A subject access export: one ZIP with a readable summary (`summary.pdf`, tagged PDF/UA-1 from the one PDF
renderer), every record as machine-readable JSON (`data.json`) and the files themselves (`files/`), each listed
in the JSON with its SHA-256 so anyone can check the copy. Producing it is audited."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Participant
from sendresolve.core.timezones import moment_text
from sendresolve.documents.pdf import pdf_from_html
from sendresolve.privacy.access import SubjectRecords, subject_records
from sendresolve.privacy.access_cases import HeldFile, iso
from sendresolve.privacy.exemptions import EXEMPTIONS
from sendresolve.privacy.subjects import Subject, require_may_handle

FORMAT = "sendresolve-subject-access/1"
SUMMARY_ROWS = 200  # rows of one list the summary prints; data.json has them all
_SPILL_TO_DISK = 16 * 1024 * 1024
_CHUNK = 1024 * 1024

SECTIONS = {  # what each part of data.json holds, printed in its "about"
    "person": "The account: name, addresses, how they sign in, roles, a declaration of independence.",
    "participation": "Each case the person is named on, in what role, with the contact details and access needs "
                     "recorded for them there.",
    "cases_about_you": "The cases about the person and their child, in full: the decision, what is in dispute, the "
                       "people, the dates, meetings, the Action Plan, agreed actions, certificates and the timeline.",
    "meetings": "Meetings they were invited to, the times they said they were free, decisions about who may "
                "attend, and confirmations of authority to settle.",
    "mediation": "For a mediator: their entry on the register, the times they offered, their cases; objections "
                 "the person raised.",
    "plan_agreements": "Each time the person agreed an Action Plan, with the words they agreed to.",
    "duty_updates_you_made": "What the person recorded about agreed actions on other families' cases.",
    "expense_claims": "The person's claims for the costs of coming to mediation: each cost, the decision and reason, "
                      "the payment; their receipts are in files/.",
    "mediator_fees": "For a mediator: the rates the provider pays them, their self-billing agreements, the "
                     "time they recorded, and their monthly statements with every line and dispute; "
                     "accepted statements' PDFs are in files/fees/.",
    "messages_to_you": "Every e-mail the service wrote to the person's addresses, whether it was sent, and its text.",
    "reads_of_your_records": "Who read or exported the person's records: when, who, which page.",
    "your_activity": "What the person did in the service, from the audit log, with the connection used.",
    "failed_sign_ins_with_your_address": "Sign-ins that failed with one of the person's addresses.",
    "files": "The files in files/ (letters, evidence, issued documents, receipts), each with its SHA-256.",
    "withheld": "What was not given, and why (see exemptions).",
}


@dataclass(frozen=True)
class Export:
    filename: str
    archive: IO[bytes]  # positioned at the start
    files: int
    size: int


def subject_access_export(*, acting_user: User, subject: Subject, request=None) -> Export:
    """The ZIP for this person, built from one read of everything held; the audit row names who made it."""
    require_may_handle(acting_user, subject)
    records = subject_records(subject)
    made_at = timezone.now()
    archive = tempfile.SpooledTemporaryFile(max_size=_SPILL_TO_DISK)  # noqa: SIM115 - the response closes it
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        records.data["files"] = [_carry(zipped, held) for held in records.files]
        data = {"about": _about(acting_user, subject, made_at), **records.data}
        zipped.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        zipped.writestr("summary.pdf", _summary_pdf(records, data["about"], made_at))
    size = archive.tell()
    archive.seek(0)
    carried = sum(1 for entry in records.data["files"] if not entry["missing"])
    with transaction.atomic():
        audit_record(actor=acting_user, action=AuditEvent.Action.EXPORT, target=_audit_target(subject),
                     request=request, summary=(
                         f"Subject access export: {len(records.data['cases_about_you'])} case(s) about them, "
                         f"{len(records.data['participation'])} case row(s), {carried} file(s), "
                         f"{len(records.data['messages_to_you'])} e-mail(s), "
                         f"{len(records.data['reads_of_your_records'])} read(s), "
                         f"{len(records.data['withheld'])} item(s) withheld"))
    return Export(f"subject-access-{subject.key}-{made_at:%Y-%m-%d}.zip", archive, carried, size)


def _audit_target(subject: Subject):
    if subject.user is not None:
        return subject.user
    return Participant.objects.get(pk=subject.participant_id)


def _carry(zipped: zipfile.ZipFile, held: HeldFile) -> dict:
    """Copies one stored file into the ZIP in chunks, hashing it on the way; a file gone from storage is listed as
    missing rather than failing the whole export."""
    digest, size = hashlib.sha256(), 0
    entry = {"path": held.path, "kind": held.kind, "case": held.case, "name": held.name,
             "content_type": held.content_type}
    try:
        with held.file.open("rb") as source, zipped.open(held.path, "w") as target:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    except FileNotFoundError:
        return {**entry, "missing": True, "sha256": None, "size": None}
    return {**entry, "missing": False, "sha256": digest.hexdigest(), "size": size}


def _about(acting_user: User, subject: Subject, made_at) -> dict:
    return {
        "format": FORMAT, "service": settings.SERVICE_NAME, "person": subject.name, "person_key": subject.key,
        "made_at": iso(made_at), "made_by": acting_user.email,
        "what_this_is": ("A copy of the personal data the service holds about this person (UK GDPR Article 15). "
                         "summary.pdf is the readable summary; data.json has every record; files/ has the files."),
        "sections": SECTIONS,
        "exemptions": {key: {"what": e.what, "why": e.why, "law": e.law, "how_to_ask": e.how_to_ask}
                       for key, e in EXEMPTIONS.items()},
        "your_rights": ("You can ask for anything wrong to be corrected, and for your data to be erased where the "
                        "law allows; ask the mediation service (see its privacy notice). You can complain to the "
                        "Information Commissioner's Office (ico.org.uk)."),
    }


def _summary_pdf(records: SubjectRecords, about: dict, made_at) -> bytes:
    data = records.data
    lists = {name: (rows[:SUMMARY_ROWS], len(rows)) for name, rows in data.items() if isinstance(rows, list)}
    used = {row["exemption"] for row in data["withheld"]}
    return pdf_from_html(render_to_string("privacy/subject_access.html", {
        "about": about, "made_at": moment_text(made_at), "data": data, "lists": lists,
        "summary_rows": SUMMARY_ROWS, "exemptions": [e for key, e in EXEMPTIONS.items() if key in used],
    }))
