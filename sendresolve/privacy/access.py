"""Everything the service holds about one person, read for a subject access export (UK GDPR Article 15).

One query per kind of record, whatever the number of rows: the person's account and roles, their part in cases,
the cases about them and their child in full (`access_cases`), meetings and availability, what they agreed and
sent, the e-mails sent to them, who read their records and what they did themselves (the audit log). What is left
out is listed with the exemption relied on (`exemptions`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.db.models import Q

from sendresolve.accounts.models import IndependenceDeclaration, Membership
from sendresolve.agreements.models import ConfidentialNote, DutyUpdate, PlanAgreement
from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Participant
from sendresolve.mediators.models import Allocation, MediatorProfile, Objection
from sendresolve.meetings.models import AttendanceDecision, AuthorityToSettle, AvailabilityAnswer, Invitee
from sendresolve.notifications.models import OutboundEmail
from sendresolve.privacy.access_cases import FAMILY_SIDE, HeldFile, family_cases, iso, safe_name
from sendresolve.privacy.access_expenses import expense_claims
from sendresolve.privacy.access_fees import mediator_fees
from sendresolve.privacy.exemptions import (
    CONFIDENTIAL_NOTES,
    FILES_ABOUT_OTHERS,
    OTHERS_ADDRESSES,
    SIGN_IN_CODES,
    carries_a_credential,
)
from sendresolve.privacy.subjects import Subject

READ_ACTIONS = (AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT)


@dataclass
class SubjectRecords:
    """What an export gives, as plain data (`data`), the files it carries, and counts for the summary."""

    subject: Subject
    data: dict
    files: list[HeldFile] = field(default_factory=list)

    def count(self, name: str) -> int:
        return len(self.data[name])


def subject_records(subject: Subject) -> SubjectRecords:
    participants = list(Participant.objects.filter(subject.participant_filter())
                        .select_related("case__local_authority", "organisation").order_by("case_id", "pk"))
    family_ids = sorted({p.case_id for p in participants if p.role in FAMILY_SIDE})
    participant_ids = [p.pk for p in participants]
    addresses = _addresses(subject, participants)
    family = family_cases(family_ids)
    records = SubjectRecords(subject, {}, list(family.files))
    withheld = list(family.withheld)
    user = subject.user
    data = records.data
    data["person"] = _person(subject, addresses)
    data["participation"] = [{
        "case": p.case.reference, "local_authority": p.case.local_authority.name, "role": p.get_role_display(),
        "name": p.name, "email": p.email, "phone": p.phone,
        "organisation": p.organisation.name if p.organisation else None,
        "access_needs": p.access_needs, "interpreter_language": p.interpreter_language,
        "access_notes": p.access_notes} for p in participants]
    data["cases_about_you"] = family.cases
    data["meetings"] = _meetings(participant_ids, user)
    data["mediation"] = _mediation(user, withheld)
    data["plan_agreements"] = [{
        "case": a.plan.case.reference, "version": a.plan.version, "how": a.get_method_display(),
        "typed_name": a.typed_name, "statement": a.statement, "at": iso(a.agreed_at), "receipt_at": iso(a.receipt_at)}
        for a in PlanAgreement.objects.filter(_mine(participant=participant_ids, user=user))
        .select_related("plan__case").order_by("agreed_at", "id")]
    data["duty_updates_you_made"] = _duty_updates(user, family_ids, records, withheld)
    data["expense_claims"], receipts = expense_claims(participant_ids)
    records.files += receipts
    data["mediator_fees"], statements = mediator_fees(user)
    records.files += statements
    data["messages_to_you"] = _messages(addresses, withheld)
    data["reads_of_your_records"] = _reads(subject, participant_ids, family_ids)
    if any(read["by"] != (user.email if user else None) for read in data["reads_of_your_records"]):
        withheld.append({"exemption": OTHERS_ADDRESSES.key, "case": "", "what": OTHERS_ADDRESSES.what, "when": None})
    data["your_activity"] = _activity(user)
    data["failed_sign_ins_with_your_address"] = _failed_sign_ins(addresses)
    data["withheld"] = withheld
    return records


def _mine(*, participant: list[int], user, participant_field: str = "participant", user_field: str = "user") -> Q:
    mine = Q(**{f"{participant_field}__in": participant})
    return mine | Q(**{user_field: user}) if user is not None else mine


def _addresses(subject: Subject, participants: list[Participant]) -> list[str]:
    """Every address the service has for the person: the account's, any it held before, their case rows'."""
    found = {subject.email} if subject.email else set()
    found |= {p.email.lower() for p in participants if p.email}
    if subject.user is not None:
        found |= {email.lower() for email in EmailAddress.objects.filter(user=subject.user)
                  .values_list("email", flat=True)}
    return sorted(found)


def _person(subject: Subject, addresses: list[str]) -> dict:
    user = subject.user
    if user is None:
        return {"account": None, "name": subject.name, "addresses": addresses}
    declaration = IndependenceDeclaration.objects.filter(user=user).first()
    return {
        "account": {"name": user.full_name, "email": user.email, "phone": user.phone, "active": user.is_active,
                    "joined": iso(user.date_joined), "last_sign_in": iso(user.last_login),
                    "signs_in_with": "password and authenticator app" if user.has_usable_password()
                    else "a code e-mailed to them"},
        "name": user.full_name, "addresses": addresses,
        "roles": [{"role": m.get_role_display(), "organisation": m.organisation.name if m.organisation else None,
                   "since": iso(m.created_at)}
                  for m in Membership.objects.filter(user=user).select_related("organisation").order_by("pk")],
        "independence_declaration": {
            "employed_by_public_body": declaration.employed_by_public_body, "details": declaration.details,
            "declared_at": iso(declaration.declared_at)} if declaration else None,
    }


def _meetings(participant_ids: list[int], user) -> dict:
    return {
        "invitations": [{"case": i.meeting.case.reference, "start": iso(i.meeting.start), "end": iso(i.meeting.end),
                         "format": i.meeting.get_format_display(), "status": i.meeting.get_status_display(),
                         "why_you_may_attend": i.basis}
                        for i in Invitee.objects.filter(participant_id__in=participant_ids)
                        .select_related("meeting__case").order_by("meeting__start", "id")],
        "availability_you_gave": [{"case": a.request.case.reference, "asked_at": iso(a.request.requested_at),
                                   "answered_at": iso(a.answered_at), "times": a.slots}
                                  for a in AvailabilityAnswer.objects.filter(participant_id__in=participant_ids)
                                  .select_related("request__case").order_by("id")],
        "attendance_decisions": [{"case": d.participant.case.reference, "how": d.get_method_display(),
                                  "allowed": d.allowed, "reason": d.reason, "at": iso(d.decided_at)}
                                 for d in AttendanceDecision.objects.filter(participant_id__in=participant_ids)
                                 .select_related("participant__case").order_by("decided_at", "id")],
        "authority_to_settle": [{"case": a.case.reference, "organisation": a.organisation.name,
                                 "statement": a.statement, "typed_name": a.typed_name, "at": iso(a.confirmed_at)}
                                for a in AuthorityToSettle.objects.filter(_mine(
                                    participant=participant_ids, user=user, participant_field="attendee",
                                    user_field="confirmed_by")).select_related("case", "organisation")
                                .order_by("confirmed_at", "id")],
    }


def _mediation(user, withheld: list[dict]) -> dict:
    """A mediator's register entry, their times, the cases they were allocated; objections anyone raised; and
    that the notes they wrote exist (their content is about the parties: withheld)."""
    if user is None:
        return {"register": None, "allocations": [], "objections_you_raised": [], "times_you_offered": []}
    profile = (MediatorProfile.objects.filter(user=user)
               .prefetch_related("exclusions__organisation", "availability").first())
    for reference, kind, created_at in (ConfidentialNote.objects.filter(author=user).order_by("created_at", "id")
                                        .values_list("case__reference", "kind", "created_at")):
        withheld.append({"exemption": CONFIDENTIAL_NOTES.key, "case": reference,
                         "what": f"{ConfidentialNote.Kind(kind).label} you wrote", "when": iso(created_at)})
    return {
        "register": {"accreditation": profile.accreditation, "accreditation_number": profile.accreditation_number,
                     "accredited_until": iso(profile.accredited_until), "specialisms": profile.specialism_labels,
                     "languages": profile.languages, "cases_at_once": profile.capacity, "active": profile.active,
                     "may_not_act_for": [{"organisation": e.organisation.name, "why": e.get_reason_display(),
                                          "details": e.details} for e in profile.exclusions.all()]}
        if profile else None,
        "times_you_offered": [{"start": iso(s.start), "end": iso(s.end)} for s in profile.availability.all()]
        if profile else [],
        "allocations": [{"case": a.case.reference, "allocated_at": iso(a.allocated_at),
                         "declared_independent_at": iso(a.declared_independent_at), "ended_at": iso(a.ended_at),
                         "end_reason": a.end_reason}
                        for a in Allocation.objects.filter(mediator__user=user).select_related("case")
                        .order_by("allocated_at", "id")],
        "objections_you_raised": [{"case": o.allocation.case.reference, "for": o.party, "reason": o.reason,
                                   "at": iso(o.raised_at), "decision": o.get_decision_display(),
                                   "decision_reason": o.decision_reason}
                                  for o in Objection.objects.filter(raised_by=user)
                                  .select_related("allocation__case").order_by("raised_at", "id")],
    }


def _duty_updates(user, family_ids: list[int], records: SubjectRecords, withheld: list[dict]) -> list[dict]:
    """What the person recorded about agreed actions on other families' cases (their own family's are in the
    case); the evidence files they sent there are listed, not carried (exemptions.FILES_ABOUT_OTHERS)."""
    if user is None:
        return []
    rows = []
    for update in (DutyUpdate.objects.filter(by=user).exclude(action__plan__case_id__in=family_ids)
                   .select_related("action__plan__case").order_by("at", "id")):
        reference = update.action.plan.case.reference
        rows.append({"case": reference, "action": update.action.description, "what": update.get_kind_display(),
                     "note": update.note, "at": iso(update.at), "evidence": update.evidence_name or None})
        if update.evidence:
            withheld.append({"exemption": FILES_ABOUT_OTHERS.key, "case": reference,
                             "what": safe_name(update.evidence_name, "evidence"), "when": iso(update.at)})
    return rows


def _messages(addresses: list[str], withheld: list[dict]) -> list[dict]:
    if not addresses:
        return []
    rows = []
    for message in (OutboundEmail.objects.filter(reduce(or_, (Q(to__iexact=address) for address in addresses)))
                    .order_by("created_at", "id")):
        credential = carries_a_credential(message.subject)
        if credential:
            withheld.append({"exemption": SIGN_IN_CODES.key, "case": "", "what": message.subject,
                             "when": iso(message.created_at)})
        rows.append({"to": message.to, "subject": message.subject, "written_at": iso(message.created_at),
                     "status": message.get_status_display(), "sent_at": iso(message.sent_at),
                     "attempts": message.attempts, "last_error": message.last_error,
                     "body": None if credential else message.body_text,
                     "attachments": [a.get("filename") or f"{a.get('resolver')} {a.get('ref')}"
                                     for a in message.attachments]})
    return rows


def _reads(subject: Subject, participant_ids: list[int], family_ids: list[int]) -> list[dict]:
    """Who read or exported the person's records: their account, their rows on cases, the cases about them."""
    targets = Q(target_type="cases.Participant", target_id__in=[str(pk) for pk in participant_ids])
    targets |= Q(target_type="cases.Case", target_id__in=[str(pk) for pk in family_ids])
    if subject.user is not None:
        targets |= Q(target_type="accounts.User", target_id=str(subject.user.pk))
    return [{"at": iso(at), "by": actor or None, "what": f"{AuditEvent.Action(action).label}: {summary}",
             "record": label, "page": path}
            for at, actor, action, summary, label, path in AuditEvent.objects.filter(targets, action__in=READ_ACTIONS)
            .order_by("at", "id").values_list("at", "actor_label", "action", "summary", "target_label", "path")]


def _activity(user) -> list[dict]:
    """What the person did themselves, with the connection they did it from (their own data)."""
    if user is None:
        return []
    return [{"at": iso(at), "what": f"{AuditEvent.Action(action).label}: {summary}", "record": label,
             "page": path, "internet_address": ip, "browser": agent}
            for at, action, summary, label, path, ip, agent in AuditEvent.objects.filter(actor_id=user.pk)
            .order_by("at", "id").values_list("at", "action", "summary", "target_label", "path", "ip_address",
                                              "user_agent")]


def _failed_sign_ins(addresses: list[str]) -> list[dict]:
    if not addresses:
        return []
    wanted = reduce(or_, (Q(summary__iexact=f"Failed sign-in for {address}") for address in addresses))
    return [{"at": iso(at), "internet_address": ip, "browser": agent}
            for at, ip, agent in AuditEvent.objects.filter(wanted, action=AuditEvent.Action.SIGN_IN_FAILED)
            .order_by("at", "id").values_list("at", "ip_address", "user_agent")]
