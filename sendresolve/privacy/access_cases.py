"""The cases a family member's subject access export describes in full: the cases about them and their child
(they are the parent or young person, the second parent, or the child on it). One query per kind of record for all
their cases together, whatever their number; nothing is read inside a loop.

Staff on a case (an officer, a mediator, a supporter) get their own part in it (`access.py`), not the family's
case: that is the family's and the child's data, not theirs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch

from sendresolve.agreements.models import ActionPlan, ConfidentialNote, DutyUpdate, PlanAgreement
from sendresolve.cases.events import describe
from sendresolve.cases.models import AdviserContact, Case, CaseEvent, CaseParty, Participant
from sendresolve.documents.models import StoredDocument
from sendresolve.mediators.events import MediatorEvent
from sendresolve.meetings.models import Meeting
from sendresolve.privacy.exemptions import CONFIDENTIAL_NOTES, CONFLICT_REASONS

FAMILY_SIDE = frozenset({Participant.Role.RIGHTS_HOLDER, Participant.Role.SECOND_PARENT, Participant.Role.CHILD})
# Timeline entries given without the reason stored with them (exemptions.CONFLICT_REASONS).
REASON_WITHHELD = {MediatorEvent.MEDIATOR_CONFLICT: CONFLICT_REASONS}


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class HeldFile:
    """A file the export carries: where it goes in the ZIP, what it is, and the stored file to copy."""

    path: str
    kind: str
    case: str
    name: str
    content_type: str
    file: object  # a FieldFile


@dataclass
class FamilyCases:
    cases: list[dict]
    files: list[HeldFile]
    withheld: list[dict]


def safe_name(name: str, fallback: str) -> str:
    """A file name as people gave it, made safe to unpack: no folders, no dot files, no control characters."""
    cleaned = "".join(ch if ch.isalnum() or ch in " ._-()" else "_" for ch in name.replace("\\", "/").split("/")[-1])
    cleaned = cleaned.strip(" .")[:100]
    return cleaned or fallback


def _cases(case_ids: list[int]) -> list[Case]:
    return list(
        Case.objects.filter(pk__in=case_ids).order_by("pk")
        .select_related("local_authority", "looked_after_by", "decision")
        .prefetch_related(
            "issues", "deadlines", "certificates", "letters", "child_views_steps",
            Prefetch("parties", queryset=CaseParty.objects.select_related("organisation")),
            Prefetch("participants", queryset=Participant.objects.select_related("organisation")),
            Prefetch("adviser_contacts", queryset=AdviserContact.objects.select_related("adviser")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("at", "id")),
            Prefetch("meetings", queryset=Meeting.objects.prefetch_related("changes").order_by("start")),
            Prefetch("plans", queryset=ActionPlan.objects.order_by("version").prefetch_related(
                "actions", Prefetch("agreements", queryset=PlanAgreement.objects.select_related("participant")))),
        ))


def family_cases(case_ids: list[int]) -> FamilyCases:
    """Everything on these cases, as plain data; the files to carry; what is withheld and why."""
    cases = _cases(case_ids)
    updates = defaultdict(list)
    for update in (DutyUpdate.objects.filter(action__plan__case_id__in=case_ids)
                   .select_related("by", "action__plan").order_by("at", "id")):
        updates[update.action.plan.case_id].append(update)
    documents = _issued_documents(cases)
    notes = defaultdict(list)
    for case_id, kind, created_at in (ConfidentialNote.objects.filter(case_id__in=case_ids)
                                      .order_by("created_at", "id").values_list("case_id", "kind", "created_at")):
        notes[case_id].append((kind, created_at))
    result = FamilyCases([], [], [])
    for case in cases:
        result.cases.append(_case(case, updates[case.pk], documents, result))
        for kind, created_at in notes[case.pk]:
            result.withheld.append({"exemption": CONFIDENTIAL_NOTES.key, "case": case.reference,
                                    "what": ConfidentialNote.Kind(kind).label, "when": iso(created_at)})
    return result


def _issued_documents(cases: list[Case]) -> dict[str, StoredDocument]:
    """The issued documents stored for these cases (certificates, Action Plans as sent and agreed), by key."""
    keys = [f"certificate:{certificate.number}" for case in cases for certificate in case.certificates.all()]
    keys += [f"plan:{plan.pk}:{stage}:{extension}" for case in cases for plan in case.plans.all()
             for stage in ("sent", "agreed") for extension in ("pdf", "docx")]
    return {document.key: document for document in StoredDocument.objects.filter(key__in=keys)} if keys else {}


def _case(case: Case, updates: list[DutyUpdate], documents: dict, result: FamilyCases) -> dict:
    reference = case.reference
    decision = getattr(case, "decision", None)
    result.files += _files(case, updates, documents)
    return {
        "reference": reference, "kind": case.get_kind_display(), "stage": case.get_state_display(),
        "local_authority": case.local_authority.name,
        "child": {"name": case.child_name, "date_of_birth": iso(case.child_date_of_birth),
                  "looked_after_by": case.looked_after_by.name if case.looked_after_by else None},
        "rights_holder": case.get_rights_holder_display(), "alternative_basis": case.get_alternative_basis_display(),
        "contacted_on": iso(case.contacted_on), "contact_method": case.get_contact_method_display(),
        "decision": {"type": decision.get_type_display(), "letter_dated": iso(decision.letter_dated),
                     "sent_on": iso(decision.sent_on)} if decision else None,
        "issues": [str(issue) for issue in case.issues.all()],
        "health_provision_wanted": case.health_provision_wanted,
        "other_bodies": [party.organisation.name for party in case.parties.all()],
        "people": [{"role": p.get_role_display(), "name": p.name,
                    "organisation": p.organisation.name if p.organisation else None} for p in case.participants.all()],
        "dates": {name: iso(getattr(case, name)) for name in (
            "mediation_asked_on", "la_told_on", "mediation_date", "mediation_held", "agreement_date",
            "withdrawal_informed", "unable_to_arrange_informed", "mediation_concluded", "closed_on")},
        "outcome": case.get_outcome_display(), "outcome_reason": case.outcome_reason,
        "adviser_contacts": [{"given_on": iso(c.given_on), "method": c.get_method_display(),
                              "adviser": c.adviser.full_name, "notes": c.notes} for c in case.adviser_contacts.all()],
        "deadlines": [{"rule": d.rule, "due": iso(d.due), "what": d.obligation, "who": d.actor,
                       "law": d.citation, "met_on": iso(d.met_on), "note": d.note} for d in case.deadlines.all()],
        "certificates": [{"number": c.number, "type": c.get_type_display(), "issued_on": iso(c.issued_on),
                          "appeal_deadline": iso(c.appeal_deadline)} for c in case.certificates.all()],
        "meetings": [_meeting(meeting) for meeting in case.meetings.all()],
        "child_views_steps": [{"recorded_at": iso(s.recorded_at), "steps": s.steps}
                              for s in case.child_views_steps.all()],
        "action_plans": [_plan(plan) for plan in case.plans.all()],
        "duty_updates": [{"action": u.action.description, "rule": u.rule, "what": u.get_kind_display(),
                          "note": u.note, "new_due": iso(u.new_due), "by": u.by.full_name, "at": iso(u.at),
                          "evidence": u.evidence_name or None} for u in updates],
        "timeline": [_event(event, reference, result) for event in case.events.all()],
    }


def _files(case: Case, updates: list[DutyUpdate], documents: dict) -> list[HeldFile]:
    """The case's letters, evidence and issued documents, each under files/<reference>/ with its id in the name, so
    no two collide and no name a family typed can reach outside the folder."""
    folder = f"files/{case.reference}"
    found = [HeldFile(f"{folder}/letter-{letter.pk}-{safe_name(letter.original_name, 'letter')}", "Decision letter",
                      case.reference, letter.original_name, letter.content_type, letter.file)
             for letter in case.letters.all()]
    found += [HeldFile(f"{folder}/evidence-{update.pk}-{safe_name(update.evidence_name, 'evidence')}",
                       "Evidence of an agreed action", case.reference, update.evidence_name, update.evidence_type,
                       update.evidence) for update in updates if update.evidence]
    found += [HeldFile(f"{folder}/document-{document.pk}-{safe_name(document.filename, 'document')}",
                       "Issued document", case.reference, document.filename, document.mimetype, document.file)
              for key, document in documents.items() if _document_is_on(key, case)]
    return found


def _document_is_on(key: str, case: Case) -> bool:
    kind, _, rest = key.partition(":")
    if kind == "certificate":
        return any(certificate.number == rest for certificate in case.certificates.all())
    return any(rest.startswith(f"{plan.pk}:") for plan in case.plans.all())


def _meeting(meeting: Meeting) -> dict:
    return {"status": meeting.get_status_display(), "format": meeting.get_format_display(),
            "start": iso(meeting.start), "end": iso(meeting.end), "venue": meeting.venue,
            "video_link": meeting.video_link, "held_on": iso(meeting.held_on),
            "changes": [{"what": change.get_kind_display(), "because_of": change.get_party_display(),
                         "reason": change.reason, "at": iso(change.changed_at)} for change in meeting.changes.all()]}


def _plan(plan: ActionPlan) -> dict:
    return {"version": plan.version, "status": plan.get_status_display(), "issues_discussed": plan.issues_discussed,
            "issues_unresolved": plan.issues_unresolved, "sent_at": iso(plan.sent_at), "agreed_on": iso(plan.agreed_on),
            "actions": [{"what": a.description, "who": a.get_responsible_display(), "kind": a.get_kind_display(),
                         "agreed_weeks": a.agreed_weeks} for a in plan.actions.all()],
            "agreed_by": [{"name": a.typed_name, "role": a.participant.get_role_display(),
                           "how": a.get_method_display(), "at": iso(a.agreed_at)} for a in plan.agreements.all()]}


def _event(event: CaseEvent, reference: str, result: FamilyCases) -> dict:
    exemption = REASON_WITHHELD.get(event.type)
    if exemption is not None and event.parameters.get("reason"):
        event = CaseEvent(type=event.type, at=event.at, actor=event.actor, staff_only=event.staff_only,
                          parameters={k: v for k, v in event.parameters.items() if k != "reason"})
        result.withheld.append({"exemption": exemption.key, "case": reference, "what": "The reason given",
                                "when": iso(event.at)})
    return {"at": iso(event.at), "what": describe(event), "by": event.actor.full_name if event.actor else None,
            "staff_only": event.staff_only}
