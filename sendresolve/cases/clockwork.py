"""The bridge from a case to the statutory clock: its dated events in, its stored deadlines out."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.choices import CaseKind, CertificateType, PlanSection
from sendresolve.cases.extensions import extra_deadline_rows, is_standing_rule
from sendresolve.cases.models import Case, CaseDeadline, CaseParty, QueueEntry
from sendresolve.clock import (
    CaseEvents,
    Deadline,
    NoticeRule,
    compute_deadlines,
    earliest_meeting_date,
)

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
        # Disagreement resolution gives no certificate: its conclusion starts no T7 (legal review L7).
        mediation_concluded=case.mediation_concluded if case.kind == CaseKind.MEDIATION else None,
        certificate_issued=certificate_issued,
        agreement_date=case.agreement_date,
        # Health-only mediation is between the family and the ICB: the LA is told of the agreement (T12).
        la_party=set(areas) != {"health"},
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
    return compute_deadlines(events, service_calendar(), notice_rule=notice_rule())


def notice_rule() -> NoticeRule:
    return NoticeRule(settings.MEETING_NOTICE_RULE)


def case_meeting_window(case: Case, *, told_on: date) -> tuple[date, date | None]:
    """The days a meeting may be held on if the family is told of it on `told_on`: from the first that gives
    the notice T5 asks for, to the last of the days in which it must be arranged (T4); open-ended for DR."""
    earliest = earliest_meeting_date(told_on, notice_rule(), service_calendar())
    arranging = arranging_deadline(case)
    return earliest, arranging.due if arranging else None


def arranging_deadline(case: Case) -> CaseDeadline | None:
    """The stored deadline by which the meeting must be arranged (the earliest, if there are two): the same row,
    with the same last working day, on the case page and the arranging pages."""
    return case.deadlines.filter(rule__in=ARRANGING_RULES).order_by("due").first()


def gives_enough_notice(meeting_on: date, *, told_on: date) -> bool:
    return meeting_on >= earliest_meeting_date(told_on, notice_rule(), service_calendar())


def _met_on(case: Case, rule: str, certificates: dict[str, date]) -> date | None:
    if rule == "T1":
        return case.contacted_on
    if rule in certificates:
        return certificates[rule]
    if rule == "T3":
        return case.rcb_received_notification
    if rule in ARRANGING_RULES:
        # send-rules.md Q1: whether "arrange within 30 days" means held or only booked by then.
        if settings.MEDIATION_ARRANGE_MODE == "booked_by_day_30":
            return case.mediation_notice_given or case.mediation_held or case.mediation_concluded
        return case.mediation_held or case.mediation_concluded
    if rule == "T5":
        return case.mediation_notice_given
    if rule == "T12":
        return case.la_told_of_agreement
    return None


ARRANGING_RULES = frozenset({"T4a", "T4b", "T4c"})


def _note(case: Case, rule: str, due: date, met_on: date | None) -> str:
    """What the queue shows beside a deadline: a meeting booked after the 30 days, and why."""
    if rule in ARRANGING_RULES and met_on is None and case.mediation_date and case.mediation_date > due:
        reason = f": {case.mediation_late_reason}" if case.mediation_late_reason else ""
        return f"Meeting booked for {case.mediation_date:%-d %B %Y}, after this date{reason}"[:600]
    return ""


def in_work_queue(rule: str, met_on: date | None, case_state: str, *, arranging_ended: bool = False) -> bool:
    """Whether a deadline still asks someone at the provider, the LA or the ICB to act. The duties of an
    agreement stay until they are done, whatever happens to the case. Arranging the meeting stops being anyone's
    work once the family withdrew or the mediation adviser was told it cannot be arranged: the case page still
    shows whether it was met, but nobody can act on it any more."""
    from sendresolve.cases.states import OPEN_STATES

    if met_on is not None or rule in FAMILY_RULES:
        return False
    if arranging_ended and rule in ARRANGING_RULES:
        return False
    return case_state in OPEN_STATES or is_standing_rule(rule)


def case_store_deadlines(case: Case) -> list[CaseDeadline]:
    """Replaces the case's stored deadlines with freshly computed ones (inside the caller's transaction)."""
    certificates = {CERTIFICATE_RULES[c.type]: c.issued_on for c in case.certificates.all()}
    arranging_ended = bool(case.withdrawal_informed or case.unable_to_arrange_informed)
    rows = []
    for deadline in case_compute_deadlines(case):
        rule = deadline.rule
        met_on = _met_on(case, rule.id, certificates)
        rows.append(CaseDeadline(
            case=case, rule=rule.id, due=deadline.due, obligation=rule.obligation, actor=rule.actor.value,
            citation=rule.citation, act_by=deadline.act_by, met_on=met_on,
            note=_note(case, rule.id, deadline.due, met_on),
            in_queue=in_work_queue(rule.id, met_on, case.state, arranging_ended=arranging_ended),
        ))
    rows += extra_deadline_rows(case, service_calendar())
    CaseDeadline.objects.filter(case=case).delete()
    stored = CaseDeadline.objects.bulk_create(rows)
    bodies = CaseParty.objects.filter(case=case).values_list("organisation_id", flat=True)
    viewers = [(case.local_authority_id, False), *((body, True) for body in bodies)]
    QueueEntry.objects.bulk_create(queue_entries(stored, viewers))
    return stored


def queue_entries(deadlines: list[CaseDeadline], viewers: list[tuple[int, bool]]) -> list[QueueEntry]:
    """The queue lines of one case's deadlines: one for each (organisation, as party) that sees the case."""
    return [QueueEntry(deadline=deadline, organisation_id=organisation, as_party=as_party, due=deadline.due,
                       rule=deadline.rule)
            for deadline in deadlines if deadline.in_queue for organisation, as_party in viewers]
