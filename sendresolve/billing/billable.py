"""The billable events of a commissioning body's cases, read from what the other apps recorded (B2), and the price
each one takes from a contract's list.

An event is named by what it is about ("meeting:12", "certificate:MC-AB2C", "change:7"), and a line is for one
event and one price code, so the same held meeting can be billed as the mediation case and as a meeting, once each.
What the rows say:

- a `declined` certificate, or a `change_of_mind` one on a case that never held a meeting: ADVICE_CERT_ONLY;
- an `unable_to_arrange` certificate: DEEMED_CERT;
- a case closed after the adviser's information, with no certificate and no meeting held: ADVICE_ONLY;
- the first meeting held on a mediation case: MEDIATION_CASE; on a DR case: DR_CASE; each later one:
  MEDIATION_EXTRA_SESSION; every meeting held: MEETING, priced by its form and length;
- a meeting cancelled or moved with fewer clear working days' notice than the contract's, because of a party
  (`MeetingChange.party`): LATE_CANCEL_<PARTY>; cancelled at or after its start because of a party (it did not
  come): NO_SHOW_<PARTY>. Only where the price list names that party: the provider's and the mediator's are never
  billed;
- each whole month of the contract: BLOCK_FEE, where the list has one.

Whose case it is: the LA's, unless it is a mediation about health provision alone (sections C and G only), which
the ICB pays (the ICB party to the case, or the ICB for the LA's area).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.billing.choices import (
    CHARGEABLE_PARTIES,
    PriceCode,
    late_cancel_code,
    no_show_code,
)
from sendresolve.billing.models import Contract, PriceItem
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.choices import CaseKind, CertificateType, PlanSection
from sendresolve.cases.models import Case, CaseParty, Certificate
from sendresolve.clock.billing_periods import changed_late, months_between
from sendresolve.meetings.models import Meeting, MeetingChange


@dataclass(frozen=True, slots=True)
class BillableEvent:
    event: str  # what it is about: "meeting:12"
    code: str  # the price code it is billed under
    on: date
    case_id: int | None = None
    case_reference: str = ""
    meeting_form: str = ""
    minutes: int | None = None
    note: str = ""  # words added to the line's description: "moved by the local authority"

    @property
    def key(self) -> str:
        return f"{self.code}|{self.event}"


def health_only(case: Case) -> bool:
    """A mediation whose issues are all health sections (C, G): the ICB pays for it (B2)."""
    sections = [issue.section for issue in case.issues.all()]
    return (case.kind == CaseKind.MEDIATION and bool(sections)
            and all(section and PlanSection.area(section) == "health" for section in sections))


def paying_body_id(case: Case) -> int:
    """The body that pays for the case: the LA, or for health-only mediation its ICB (needs `issues`, `parties`
    with their organisations, and `local_authority` read)."""
    if health_only(case):
        icbs = [party.organisation_id for party in case.parties.all()
                if party.organisation.kind == OrganisationKind.ICB]
        if icbs:
            return icbs[0]
        if case.local_authority.icb_id:
            return case.local_authority.icb_id
    return case.local_authority_id


def _candidate_cases(contract: Contract) -> Q:
    """The cases that may be the commissioner's (checked one by one with `paying_body_id`)."""
    body = contract.commissioner_id
    if contract.commissioner.kind == OrganisationKind.ICB:
        return Q(kind=CaseKind.MEDIATION) & (Q(local_authority__icb_id=body) | Q(pk__in=CaseParty.objects.filter(
            organisation_id=body).values("case_id")))
    return Q(local_authority_id=body)


def _theirs(contract: Contract, case_ids: set[int]) -> dict[int, str]:
    """{case id: reference} of the cases among these that the contract's commissioner pays for."""
    cases = (Case.objects.filter(pk__in=case_ids).select_related("local_authority")
             .prefetch_related("issues", "parties__organisation"))
    return {case.pk: case.reference for case in cases if paying_body_id(case) == contract.commissioner_id}


def _meeting_minutes(meeting: Meeting) -> int:
    return int((meeting.end - meeting.start).total_seconds() // 60)


def _held_meeting_events(contract: Contract, first: date, last: date, candidates: Q) -> list[BillableEvent]:
    held_in_window = Meeting.objects.filter(status=Meeting.Status.HELD, held_on__range=(first, last),
                                            case__in=Case.objects.filter(candidates))
    case_ids = set(held_in_window.values_list("case_id", flat=True))
    if not case_ids:
        return []
    references = _theirs(contract, case_ids)
    events = []
    every_held = (Meeting.objects.filter(status=Meeting.Status.HELD, case_id__in=references)
                  .select_related("case").order_by("case_id", "held_on", "id"))
    previous_case = None
    for meeting in every_held:
        is_first, previous_case = meeting.case_id != previous_case, meeting.case_id
        if not first <= meeting.held_on <= last:
            continue
        common = {"on": meeting.held_on, "case_id": meeting.case_id, "case_reference": references[meeting.case_id]}
        event = f"meeting:{meeting.pk}"
        if is_first:
            code = PriceCode.DR_CASE if meeting.case.kind == CaseKind.DR else PriceCode.MEDIATION_CASE
        else:
            code = PriceCode.MEDIATION_EXTRA_SESSION
        events.append(BillableEvent(event, code, **common))
        events.append(BillableEvent(event, PriceCode.MEETING, meeting_form=meeting.format,
                                    minutes=_meeting_minutes(meeting),
                                    note=f"{meeting.get_format_display().lower()}, {_meeting_minutes(meeting)} "
                                         "minutes", **common))
    return events


def _certificate_events(contract: Contract, first: date, last: date, candidates: Q) -> list[BillableEvent]:
    certificates = list(Certificate.objects.filter(
        issued_on__range=(first, last), case__in=Case.objects.filter(candidates),
        type__in=(CertificateType.DECLINED, CertificateType.CHANGE_OF_MIND, CertificateType.UNABLE_TO_ARRANGE)))
    if not certificates:
        return []
    references = _theirs(contract, {certificate.case_id for certificate in certificates})
    held = set(Meeting.objects.filter(case_id__in=references, status=Meeting.Status.HELD)
               .values_list("case_id", flat=True))
    events = []
    for certificate in certificates:
        if certificate.case_id not in references:
            continue
        if certificate.type == CertificateType.UNABLE_TO_ARRANGE:
            code = PriceCode.DEEMED_CERT
        elif certificate.type == CertificateType.DECLINED or certificate.case_id not in held:
            code = PriceCode.ADVICE_CERT_ONLY
        else:
            continue  # a change of mind after a meeting: the meeting is what is billed
        events.append(BillableEvent(f"certificate:{certificate.number}", code, certificate.issued_on,
                                    certificate.case_id, references[certificate.case_id],
                                    note=f"certificate {certificate.number}"))
    return events


def _advice_only_events(contract: Contract, first: date, last: date, candidates: Q) -> list[BillableEvent]:
    closed = (Case.objects.filter(candidates).filter(closed_on__range=(first, last), adviser_contacts__isnull=False,
                                                      certificates__isnull=True)
              .exclude(meetings__status=Meeting.Status.HELD).distinct())
    dates = dict(closed.values_list("pk", "closed_on"))
    references = _theirs(contract, set(dates)) if dates else {}
    return [BillableEvent(f"case:{case_id}:advice", PriceCode.ADVICE_ONLY, dates[case_id], case_id, reference)
            for case_id, reference in references.items()]


def _change_events(contract: Contract, prices: list[PriceItem], first: date, last: date,
                   candidates: Q) -> list[BillableEvent]:
    charged = {party for party in CHARGEABLE_PARTIES
               if any(p.code in (late_cancel_code(party), no_show_code(party)) for p in prices)}
    if not charged:
        return []
    changes = list(MeetingChange.objects.filter(
        Q(previous_start__date__range=(first, last)) | Q(changed_at__date__range=(first, last)),
        party__in=charged, meeting__case__in=Case.objects.filter(candidates)).select_related("meeting"))
    if not changes:
        return []
    references = _theirs(contract, {change.meeting.case_id for change in changes})
    calendar, events = service_calendar(), []
    for change in changes:
        case_id = change.meeting.case_id
        if case_id not in references:
            continue
        meeting_day = timezone.localdate(change.previous_start)
        changed_day = timezone.localdate(change.changed_at)
        party = CHARGEABLE_PARTIES[change.party]
        if change.kind == MeetingChange.Kind.CANCELLED and change.changed_at >= change.previous_start:
            events.append(BillableEvent(f"change:{change.pk}", no_show_code(change.party), meeting_day, case_id,
                                        references[case_id], note=f"{party} did not attend"))
        elif changed_late(changed_day, meeting_day, contract.late_cancel_working_days, calendar):
            how = "cancelled" if change.kind == MeetingChange.Kind.CANCELLED else "moved"
            events.append(BillableEvent(f"change:{change.pk}", late_cancel_code(change.party), changed_day,
                                        case_id, references[case_id],
                                        note=f"meeting of {meeting_day:%-d %B %Y} {how} by {party}"))
    return events


def _period_fee_events(contract: Contract, first: date, last: date) -> list[BillableEvent]:
    return [BillableEvent(f"contract:{contract.pk}:{month.key}", PriceCode.BLOCK_FEE, month.last,
                          note=f"{month.first:%B %Y}")
            for month in months_between(first, last)]


def billable_events(contract: Contract, prices: list[PriceItem], *, up_to: date) -> list[BillableEvent]:
    """Every billable event of the contract's cases from its start to `up_to` (or its end), billed or not, in date
    order. Events of a code the price list has no price for on their date are left out by the caller."""
    first, last = contract.starts_on, min(up_to, contract.ends_on)
    if last < first:
        return []
    candidates = _candidate_cases(contract)
    events = [*_held_meeting_events(contract, first, last, candidates),
              *_certificate_events(contract, first, last, candidates),
              *_advice_only_events(contract, first, last, candidates),
              *_change_events(contract, prices, first, last, candidates),
              *_period_fee_events(contract, first, last)]
    return sorted((event for event in events if first <= event.on <= last),
                  key=lambda event: (event.on, event.case_reference, event.event, event.code))


def price_for(prices: list[PriceItem], event: BillableEvent) -> PriceItem | None:
    """The price effective on the event's date; for a meeting, the one for its form (before one for any form) and
    the shortest length band it fits in."""
    effective = [price for price in prices if price.code == event.code and price.effective_from <= event.on
                 and (price.effective_to is None or event.on <= price.effective_to)]
    if event.code == PriceCode.MEETING:
        effective = [price for price in effective
                     if price.meeting_form in ("", event.meeting_form)
                     and (price.up_to_minutes is None or (event.minutes or 0) <= price.up_to_minutes)]
        effective.sort(key=lambda price: (price.meeting_form == "", price.up_to_minutes is None,
                                          price.up_to_minutes or 0, -price.effective_from.toordinal()))
    else:
        effective.sort(key=lambda price: -price.effective_from.toordinal())
    return effective[0] if effective else None
