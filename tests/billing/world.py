"""What billing reads, made quickly: a provider with its staff, a contract with prices, and the history of cases
(held meetings, certificates, cancellations, an approved expense) as rows, for the billing tests. The journeys
that make the same history through the services are in the browser test and the access matrix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.billing.choices import VatTreatment
from sendresolve.billing.models import Contract, PriceItem
from sendresolve.cases.models import Case, Certificate, Issue, Participant, new_reference
from sendresolve.core.timezones import LONDON
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine, ExpensePolicy, PaymentRoute
from sendresolve.meetings.models import Meeting, MeetingChange
from tests.factories import organisation, person

PRICES = {
    "ADVICE_ONLY": "40.00",
    "ADVICE_CERT_ONLY": "50.00",
    "DEEMED_CERT": "75.00",
    "MEDIATION_CASE": "300.00",
    "MEDIATION_EXTRA_SESSION": "150.00",
    "DR_CASE": "250.00",
    "LATE_CANCEL_LA": "120.00",
    "NO_SHOW_LA": "180.00",
}


@dataclass
class Provider:
    org: Organisation
    officer: User
    manager: User


def provider(name: str | None = None) -> Provider:
    org = organisation(OrganisationKind.PROVIDER, name=name)
    return Provider(org, person(Role.CASE_OFFICER, org), person(Role.SERVICE_MANAGER, org))


def contract(provider_org: Organisation, commissioner: Organisation, *, starts_on: date, ends_on: date | None = None,
             prices: dict[str, str] | None = None, vat: str = VatTreatment.STANDARD, meeting_prices=(),
             late_cancel_working_days: int = 2, reference: str | None = None) -> Contract:
    """A contract with a price for each code in `prices` from its start, and `meeting_prices`:
    (form, up to minutes, price) triples."""
    made = Contract.objects.create(
        provider=provider_org, commissioner=commissioner, reference=reference or f"C-{commissioner.pk}-{starts_on}",
        purchase_order="PO-4471", starts_on=starts_on, ends_on=ends_on or starts_on.replace(year=starts_on.year + 3),
        vat_treatment=vat, finance_email=f"finance.{commissioner.pk}@council.example.test", cost_centre="SEN-220",
        late_cancel_working_days=late_cancel_working_days)
    for code, price in (PRICES if prices is None else prices).items():
        PriceItem.objects.create(contract=made, code=code, price=Decimal(price), effective_from=starts_on)
    for form, minutes, price in meeting_prices:
        PriceItem.objects.create(contract=made, code="MEETING", meeting_form=form, up_to_minutes=minutes,
                                 price=Decimal(price), effective_from=starts_on)
    return made


def case(la: Organisation, *, kind: str = "mediation", sections=("F",), on: date | None = None,
         child_name: str = "Sam Collins", parties=()) -> Case:
    made = Case.objects.create(reference=new_reference("MC-" if kind == "mediation" else "DR-", 8), kind=kind,
                               local_authority=la, child_name=child_name, child_date_of_birth=date(2015, 4, 1),
                               contacted_on=on or timezone.localdate(), contact_method="phone")
    for section in sections:
        Issue.objects.create(case=made, section=section)
    for party in parties:
        made.parties.create(organisation=party)
    Participant.objects.create(case=made, role=Participant.Role.RIGHTS_HOLDER, name="Sarah Collins",
                               email="sarah@example.test")
    return made


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def meeting(case_: Case, day: date, by: User, *, status: str = Meeting.Status.HELD, form: str = "online",
            minutes: int = 180) -> Meeting:
    start = at(day)
    return Meeting.objects.create(case=case_, status=status, start=start, end=start + timedelta(minutes=minutes),
                                  format=form, booked_by=by, held_on=day if status == Meeting.Status.HELD else None)


def change(meeting_: Meeting, *, party: str, changed_on: date, by: User, kind: str = MeetingChange.Kind.CANCELLED,
           hour: int = 9) -> MeetingChange:
    made = MeetingChange.objects.create(meeting=meeting_, kind=kind, party=party, reason="Officer ill",
                                        previous_start=meeting_.start, changed_by=by)
    MeetingChange.objects.filter(pk=made.pk).update(changed_at=at(changed_on, hour))
    made.refresh_from_db()
    return made


def certificate(case_: Case, kind: str, day: date, by: User) -> Certificate:
    return Certificate.objects.create(number=new_reference("MC-", 8), case=case_, type=kind, issued_on=day,
                                      issued_by=by, appeal_deadline=day + timedelta(days=60))


def approved_expense(case_: Case, paying_body: Organisation, *, amount: str, decided_on: date, by: User,
                     category: str = "parking") -> ExpenseLine:
    """A family's line the paying body approved, recharged through the provider's invoice."""
    policy = (ExpensePolicy.objects.filter(paying_body=paying_body).first()
              or ExpensePolicy.objects.create(paying_body=paying_body, effective_from=date(2020, 1, 1),
                                              payment_route=PaymentRoute.PROVIDER_PAYS))
    claim = ExpenseClaim.objects.create(
        case=case_, meeting_day=decided_on, claimant=case_.participants.get(role="rights_holder"),
        paying_body=paying_body, policy=policy, payment_route=PaymentRoute.PROVIDER_PAYS,
        status=ExpenseClaim.Status.DECIDED, created_by=by, total_claimed=Decimal(amount),
        total_approved=Decimal(amount))
    return ExpenseLine.objects.create(claim=claim, category=category, incurred_on=decided_on, description="Car park",
                                      amount=Decimal(amount), decision="approved", approved_amount=Decimal(amount),
                                      decided_on=decided_on)
