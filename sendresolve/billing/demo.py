"""Demo money: a contract and price list for each demo LA, a month of billable work on each (last month: a
certificate-only case, a mediation held over two sessions, a late cancellation by the LA, a deemed certificate, and a
family's approved parking costs), each month's invoice drafted; Northshire's issued, the others waiting for review.
Built through the services staff use, except the history of past meetings (as the rest of the demo does)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from sendresolve.accounts.models import Organisation, User
from sendresolve.billing.choices import PriceCode, VatTreatment
from sendresolve.billing.drafting import invoice_draft
from sendresolve.billing.issuing import invoice_issue
from sendresolve.billing.models import Contract, PriceItem
from sendresolve.cases import services
from sendresolve.cases.models import Case, Participant
from sendresolve.cases.services import DecisionDetails, IssueDetails
from sendresolve.cases.states import State
from sendresolve.clock.billing_periods import Month, month_before
from sendresolve.core.timezones import LONDON
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine, ExpensePolicy, PaymentRoute
from sendresolve.meetings.models import ChildViewsSteps, Meeting, MeetingChange

PROVIDER = "Resolve Mediation Partnership"
# (LA, contract reference, purchase order, VAT treatment); prices in the manner of Hartlepool's notice (a certificate
# £50, a full case £250-£350): money-and-reports.md B1.
CONTRACTS = [
    ("Northshire County Council", "NCC-SEND-MED-2026", "PO 4500118832", VatTreatment.STANDARD),
    ("Riverside Borough Council", "RBC/SEND/0424", "", VatTreatment.EXEMPT),
    ("Eastvale City Council", "ECC-MED-25-28", "EV-77120", VatTreatment.STANDARD),
]
PRICES = {PriceCode.ADVICE_ONLY: "40.00", PriceCode.ADVICE_CERT_ONLY: "50.00", PriceCode.DEEMED_CERT: "75.00",
          PriceCode.MEDIATION_CASE: "300.00", PriceCode.MEDIATION_EXTRA_SESSION: "150.00",
          PriceCode.DR_CASE: "250.00", PriceCode.LATE_CANCEL_LA: "120.00", PriceCode.NO_SHOW_LA: "180.00"}
IN_PERSON_MEETING = "60.00"  # a meeting in person: the venue and the mediator's travel


def demo_billing(organisations: dict) -> None:
    today = timezone.localdate()
    month = month_before(today)
    officer = User.objects.get(email="case.officer@demo.sendresolve.test")
    provider = organisations[PROVIDER]
    for number, (name, reference, purchase_order, vat) in enumerate(CONTRACTS):
        la = organisations[name]
        contract = _contract(provider, la, reference, purchase_order, vat, starts_on=date(month.first.year - 1, 4, 1))
        _a_month_of_work(officer, la, month, contract, family=f"Demo Family {number + 1}")
        draft = invoice_draft(acting_user=None, contract=contract, up_to=month.last, period_start=month.first)
        if name.startswith("Northshire"):
            invoice_issue(acting_user=officer, invoice=draft)


def _contract(provider: Organisation, la: Organisation, reference: str, purchase_order: str, vat: str, *,
              starts_on: date) -> Contract:
    contract = Contract.objects.create(
        provider=provider, commissioner=la, reference=reference, purchase_order=purchase_order, starts_on=starts_on,
        ends_on=date(starts_on.year + 3, 3, 31), ceiling=Decimal("90000.00"), vat_treatment=vat,
        finance_email=f"accounts.payable@{la.name.split()[0].lower()}.example", cost_centre="SEN-MEDIATION",
        late_cancel_working_days=2)
    for code, price in PRICES.items():
        PriceItem.objects.create(contract=contract, code=code, price=Decimal(price), effective_from=starts_on)
    PriceItem.objects.create(contract=contract, code=PriceCode.MEETING, meeting_form="in_person",
                             price=Decimal(IN_PERSON_MEETING), effective_from=starts_on)
    return contract


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _a_month_of_work(officer: User, la: Organisation, month: Month, contract: Contract, *, family: str) -> None:
    def day(offset: int) -> date:
        return min(month.first + timedelta(days=offset), month.last)

    def case(child: str, contacted: int) -> Case:
        contacted_on = month.first - timedelta(days=contacted)
        made = services.case_create(
            acting_user=officer, kind="mediation", local_authority=la, child_name=child,
            child_date_of_birth=date(2013, 6, 1), rights_holder="parent", contacted_on=contacted_on,
            contact_method="phone", family_name=family, family_email=f"{child.split()[0].lower()}@family.example",
            decision=DecisionDetails("refusal_to_assess", contacted_on - timedelta(days=10),
                                     contacted_on - timedelta(days=10)),
            issues=[IssueDetails(section="F")])
        return services.case_give_adviser_information(acting_user=officer, case=made, given_on=contacted_on,
                                                      method="phone")

    # A certificate only: the family did not want mediation.
    only = case(f"Alfie {la.name.split()[0]}", 2)
    services.case_request_certificate(acting_user=officer, case=only, informed_on=day(1))
    services.certificate_issue(acting_user=officer, case=only, issued_on=day(2))

    # A mediation held over two sessions (online, then in person), concluded and closed.
    mediated = case(f"Maya {la.name.split()[0]}", 20)
    services.case_request_mediation(acting_user=officer, case=mediated, asked_on=mediated.contacted_on)
    services.case_start_arranging(acting_user=officer, case=mediated, on=mediated.contacted_on)
    for offset, form in ((6, Meeting.Format.ONLINE), (13, Meeting.Format.IN_PERSON)):
        Meeting.objects.create(case=mediated, status=Meeting.Status.HELD, start=_at(day(offset)),
                               end=_at(day(offset), 13), format=form, booked_by=officer, held_on=day(offset))
    Case.objects.filter(pk=mediated.pk).update(state=State.MEETING_HELD, mediation_held=day(13))
    ChildViewsSteps.objects.create(case=mediated, recorded_by=officer, steps="Her views were written with her "
                                                                             "teacher and read out.")
    services.case_conclude(acting_user=officer, case=Case.objects.get(pk=mediated.pk), concluded_on=day(13))
    services.certificate_issue(acting_user=officer, case=mediated, issued_on=day(14))
    services.case_close(acting_user=officer, case=mediated, on=day(15))
    _approved_parking(mediated, la, contract, decided_on=day(20), officer=officer)

    # A meeting the LA cancelled the day before, and the 30 days then ran out: a deemed certificate.
    cancelled = case(f"Oscar {la.name.split()[0]}", 25)
    services.case_request_mediation(acting_user=officer, case=cancelled, asked_on=cancelled.contacted_on)
    services.case_start_arranging(acting_user=officer, case=cancelled, on=cancelled.contacted_on)
    meeting = Meeting.objects.create(case=cancelled, status=Meeting.Status.CANCELLED, start=_at(day(9)),
                                     end=_at(day(9), 13), booked_by=officer)
    change = MeetingChange.objects.create(meeting=meeting, kind=MeetingChange.Kind.CANCELLED, party="la",
                                          reason="The SEN officer was needed at a tribunal hearing",
                                          previous_start=meeting.start, changed_by=officer)
    MeetingChange.objects.filter(pk=change.pk).update(changed_at=_at(day(8), 15))
    services.case_record_unable_to_arrange(acting_user=officer, case=cancelled, informed_on=day(10),
                                           reason="No decision-maker free within 30 days")
    services.certificate_issue(acting_user=officer, case=cancelled, issued_on=day(11))


def _approved_parking(case: Case, la: Organisation, contract: Contract, *, decided_on: date, officer: User) -> None:
    """The family's parking at the in-person session, approved by the LA and recharged on the provider's invoice."""
    policy, _ = ExpensePolicy.objects.get_or_create(
        paying_body=la, effective_from=contract.starts_on, defaults={"payment_route": PaymentRoute.PROVIDER_PAYS})
    family = case.participants.get(role=Participant.Role.RIGHTS_HOLDER)
    claim = ExpenseClaim.objects.create(
        case=case, meeting=case.meetings.order_by("-held_on").first(), meeting_day=decided_on, claimant=family,
        paying_body=la, policy=policy, payment_route=PaymentRoute.PROVIDER_PAYS, status=ExpenseClaim.Status.DECIDED,
        declaration="The costs are true and were for attending the mediation.", typed_name=family.name,
        total_claimed=Decimal("7.80"), total_approved=Decimal("7.80"), created_by=officer)
    ExpenseLine.objects.create(claim=claim, category="parking", incurred_on=decided_on, description="Car park",
                               amount=Decimal("7.80"), decision=ExpenseLine.Decision.APPROVED,
                               approved_amount=Decimal("7.80"), decided_on=decided_on)
