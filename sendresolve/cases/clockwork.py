"""The bridge from a case to the statutory clock: its dated events in, its stored deadlines out."""

from __future__ import annotations

from datetime import date

from sendresolve.cases.choices import CertificateType, PlanSection
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.clock import CaseEvents, Deadline, compute_deadlines, default_calendar

# Obligations of the family (contact, appeal) are shown to them, not put in anyone's work queue.
FAMILY_RULES = frozenset({"T1", "T9"})

# Which certificate meets which certificate deadline.
CERTIFICATE_RULES = {
    CertificateType.DECLINED: "T2",
    CertificateType.UNABLE_TO_ARRANGE: "T6",
    CertificateType.AFTER_MEDIATION: "T7",
    CertificateType.CHANGE_OF_MIND: "T8",
}


def case_clock_events(case: Case, *, issues: list[str] | None = None, certificate_issued: date | None = None,
                      notice_sent: date | None = None) -> CaseEvents:
    areas = issues if issues is not None else [PlanSection.area(i.section) for i in case.issues.all() if i.section]
    return CaseEvents(
        notice_sent=notice_sent,
        placement_only=case.placement_only,
        ma_informed_declined=case.ma_informed_declined,
        la_received_request=case.la_received_request,
        issues=tuple(dict.fromkeys(areas)) or ("education",),
        rcb_received_notification=case.rcb_received_notification,
        mediation_date=case.mediation_date,
        unable_to_arrange_informed=case.unable_to_arrange_informed,
        withdrawal_informed=case.withdrawal_informed,
        mediation_concluded=case.mediation_concluded,
        certificate_issued=certificate_issued,
    )


def case_compute_deadlines(case: Case) -> list[Deadline]:
    """Every statutory deadline of the case, from the clock."""
    decision = getattr(case, "decision", None)
    latest_certificate = case.certificates.order_by("-issued_on").first()
    events = case_clock_events(
        case,
        notice_sent=decision.sent_on if decision else None,
        certificate_issued=latest_certificate.issued_on if latest_certificate else None,
    )
    return compute_deadlines(events, default_calendar())


def _met_on(case: Case, rule: str, certificates: dict[str, date]) -> date | None:
    if rule == "T1":
        return case.contacted_on
    if rule in certificates:
        return certificates[rule]
    if rule == "T3":
        return case.rcb_received_notification
    if rule in ("T4a", "T4b", "T4c"):
        return case.mediation_concluded
    return None


def in_work_queue(rule: str, met_on: date | None, case_state: str) -> bool:
    """Whether a deadline still asks someone at the provider, the LA or the ICB to act."""
    from sendresolve.cases.states import OPEN_STATES

    return met_on is None and case_state in OPEN_STATES and rule not in FAMILY_RULES


def case_store_deadlines(case: Case) -> list[CaseDeadline]:
    """Replaces the case's stored deadlines with freshly computed ones (inside the caller's transaction)."""
    certificates = {CERTIFICATE_RULES[c.type]: c.issued_on for c in case.certificates.all()}
    rows = []
    for deadline in case_compute_deadlines(case):
        rule = deadline.rule
        met_on = _met_on(case, rule.id, certificates)
        rows.append(CaseDeadline(
            case=case, rule=rule.id, due=deadline.due, obligation=rule.obligation, actor=rule.actor.value,
            citation=rule.citation, act_by=deadline.act_by, met_on=met_on,
            in_queue=in_work_queue(rule.id, met_on, case.state),
        ))
    CaseDeadline.objects.filter(case=case).delete()
    return CaseDeadline.objects.bulk_create(rows)
