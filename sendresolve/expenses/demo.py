"""A month of families' expenses for the demo's three LAs, made through the services staff and families use: each LA
with its own policy (Northshire and Eastvale recharged on the provider's invoice, Riverside paying families
itself), claims waiting for a decision, decided line by line, reviewed and paid. The dates of what happened before
today are set afterwards (demo history), as the other demo data does."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.services import user_create
from sendresolve.cases import services
from sendresolve.cases.models import Case, Participant
from sendresolve.cases.services import DecisionDetails, IssueDetails
from sendresolve.cases.states import State
from sendresolve.expenses import claims, decisions
from sendresolve.expenses.claims import LineDetails
from sendresolve.expenses.models import ExpenseClaim, ExpenseLine, PaymentRoute
from sendresolve.expenses.policies import expense_policy_set
from sendresolve.expenses.totals import LineDecision
from sendresolve.meetings.models import ChildViewsSteps, Meeting
from sendresolve.meetings.scheduling import LONDON

# A small valid PNG stands for a photographed receipt.
RECEIPT = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
           b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`"
           b"\x82")


def _receipt(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, RECEIPT, "image/png")


def demo_expenses(organisations: dict, password: str) -> None:
    today = timezone.localdate()
    officer = User.objects.get(email="case.officer@demo.sendresolve.test")
    la = {name.split()[0]: organisations[name] for name in
          ("Northshire County Council", "Riverside Borough Council", "Eastvale City Council")}
    expense_policy_set(acting_user=officer, paying_body=la["Northshire"], effective_from=date(2025, 4, 1),
                       payment_route=PaymentRoute.PROVIDER_PAYS, caps={"childcare": Decimal("60.00")})
    expense_policy_set(acting_user=officer, paying_body=la["Riverside"], effective_from=date(2025, 4, 1),
                       mileage_rate=Decimal("0.40"), payment_route=PaymentRoute.LA_PAYS_FAMILY)
    expense_policy_set(acting_user=officer, paying_body=la["Eastvale"], effective_from=date(2025, 4, 1),
                       payment_route=PaymentRoute.PROVIDER_PAYS, covers_dr=True, claim_cap=Decimal("150.00"))
    officers = {"Northshire": User.objects.get(email="la.officer@demo.sendresolve.test"),
                "Riverside": _officer(la["Riverside"], "la.riverside@demo.sendresolve.test", "Dev Mistry", password),
                "Eastvale": _officer(la["Eastvale"], "la.eastvale@demo.sendresolve.test", "Nia Roberts", password)}

    # Northshire: Mia's meeting 34 days ago, her mother's costs decided and paid by the service (recharged).
    mia = Case.objects.get(child_name="Mia Robinson")
    claim = _claim(officer, mia, _held_meeting(mia, officer, today - timedelta(days=34)), "Zara Robinson", [
        (LineDetails("mileage", today - timedelta(days=34), "Drove to County Hall and back", miles=Decimal("23.6"),
                     from_place="Ashby", to_place="Northshire County Hall"), None),
        (LineDetails("parking", today - timedelta(days=34), "County Hall car park, 4 hours",
                     amount=Decimal("7.20")), "car-park.png")])
    _decide(officers["Northshire"], claim, {}, decided_days_ago=28)
    decisions.expense_payment_record(acting_user=officer, claim=claim, paid_on=today - timedelta(days=25),
                                     reference="BACS 20417")
    # Leah's meeting this morning: her mother's childcare and mileage, waiting in Northshire's queue.
    leah = Case.objects.get(child_name="Leah Turner")
    _claim(officer, leah, leah.meetings.get(), "Kate Turner", [
        (LineDetails("childcare", today, "Childminder for Leah's brother, 9am to 2pm", amount=Decimal("42.50")),
         "childminder.png"),
        (LineDetails("mileage", today, "Drove to the meeting and back", miles=Decimal("11"), from_place="Kingsmead",
                     to_place="Northshire County Hall"), None)])

    # Riverside: a meeting 20 days ago; the bus approved, the taxi partly; Riverside paid the family itself.
    ben = _held_case(officer, la["Riverside"], "Ben Carter", "Lucy Carter", held_days_ago=20)
    claim = _claim(officer, ben, ben.meetings.get(), "Lucy Carter", [
        (LineDetails("public_transport", today - timedelta(days=20), "Return bus fare", amount=Decimal("5.80")),
         "bus-ticket.png"),
        (LineDetails("taxi", today - timedelta(days=20), "Taxi home", amount=Decimal("18.00"),
                     why_needed="The meeting ran late and the last bus had gone"), "taxi.png")])
    taxi = claim.lines.get(category="taxi")
    _decide(officers["Riverside"], claim, {taxi.pk: LineDecision(
        taxi.pk, "part_approved", Decimal("12.00"), "Our taxi rate for that distance is £12")}, decided_days_ago=14)
    decisions.expense_payment_record(acting_user=officers["Riverside"], claim=claim,
                                     paid_on=today - timedelta(days=9), reference="RBC-EXP-3381")

    # Eastvale: a meeting 10 days ago; parking refused (free at the venue), and the family asked for a review.
    maya = _held_case(officer, la["Eastvale"], "Maya Ahmed", "Sana Ahmed", held_days_ago=10)
    claim = _claim(officer, maya, maya.meetings.get(), "Sana Ahmed", [
        (LineDetails("mileage", today - timedelta(days=10), "Drove to the Civic Centre and back",
                     miles=Decimal("31.4"), from_place="Eastvale Green", to_place="Eastvale Civic Centre"), None),
        (LineDetails("parking", today - timedelta(days=10), "Multi-storey car park", amount=Decimal("9.50")),
         "parking.png")])
    parking = claim.lines.get(category="parking")
    claim = _decide(officers["Eastvale"], claim, {parking.pk: LineDecision(
        parking.pk, "refused", reason="Parking at the Civic Centre is free for visitors")}, decided_days_ago=6)
    decisions.expense_claim_request_review(acting_user=officer, claim=claim,
                                           reason="The visitors' car park was full; the receipt is from the nearest")


def _officer(body: Organisation, email: str, name: str, password: str) -> User:
    return user_create(acting_user=None, email=email, full_name=name, password=password, role=Role.LA_OFFICER,
                       organisation=body)


def _held_meeting(case: Case, officer: User, day: date) -> Meeting:
    """Demo history: the meeting as it was held (booking and holding one are shown on other demo cases)."""
    start = datetime.combine(day, time(10), LONDON)
    return Meeting.objects.create(case=case, status=Meeting.Status.HELD, start=start, end=start + timedelta(hours=3),
                                  held_on=day, booked_by=officer, format=Meeting.Format.IN_PERSON,
                                  venue="County Hall, Meeting Room 2")


def _held_case(officer: User, authority: Organisation, child: str, family: str, *, held_days_ago: int) -> Case:
    """A mediation held `held_days_ago` days ago, concluded and its certificate issued."""
    today = timezone.localdate()
    held_on = today - timedelta(days=held_days_ago)
    case = services.case_create(
        acting_user=officer, kind="mediation", local_authority=authority, child_name=child,
        child_date_of_birth=date(2015, 6, 1), rights_holder="parent", contacted_on=held_on - timedelta(days=30),
        contact_method="phone", family_name=family, family_email=f"{family.split()[0].lower()}@family.example",
        decision=DecisionDetails("refusal_to_assess", held_on - timedelta(days=40), held_on - timedelta(days=40)),
        issues=[IssueDetails(section="F")])
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=held_on - timedelta(days=29),
                                           method="phone", notes="Explained mediation and certificates.")
    services.case_request_mediation(acting_user=officer, case=case, asked_on=held_on - timedelta(days=28))
    services.case_start_arranging(acting_user=officer, case=case, on=held_on - timedelta(days=25))
    _held_meeting(case, officer, held_on)
    Case.objects.filter(pk=case.pk).update(state=State.MEETING_HELD, mediation_held=held_on)
    ChildViewsSteps.objects.create(case=case, recorded_by=officer,
                                   steps=f"{child.split()[0]} drew what helps in class; the mediator showed it.")
    services.case_conclude(acting_user=officer, case=Case.objects.get(pk=case.pk), concluded_on=held_on)
    services.certificate_issue(acting_user=officer, case=case, issued_on=held_on + timedelta(days=1))
    return Case.objects.get(pk=case.pk)


def _claim(officer: User, case: Case, meeting: Meeting, typed_name: str, lines) -> ExpenseClaim:
    """The family's claim, entered by the case officer from what the family sent (a family on the phone)."""
    claimant = case.participants.get(role=Participant.Role.RIGHTS_HOLDER)
    claim = claims.expense_claim_start(acting_user=officer, case=case, meeting=meeting, claimant=claimant)
    for details, receipt in lines:
        claims.expense_line_add(acting_user=officer, claim=claim, details=details,
                                receipt=_receipt(receipt) if receipt else None)
    claim = claims.expense_claim_submit(acting_user=officer, claim=claim, typed_name=typed_name, confirmed=True)
    sent = timezone.make_aware(datetime.combine(meeting.held_on or timezone.localdate(), time(19)), LONDON)
    ExpenseClaim.objects.filter(pk=claim.pk).update(submitted_at=min(sent, timezone.now()))
    return ExpenseClaim.objects.get(pk=claim.pk)


def _decide(officer: User, claim: ExpenseClaim, exceptions: dict[int, LineDecision], *,
            decided_days_ago: int) -> ExpenseClaim:
    """Every line approved in full but the exceptions; dated `decided_days_ago` (demo history)."""
    chosen = {line.pk: exceptions.get(line.pk, LineDecision(line.pk, "approved")) for line in claim.lines.all()}
    claim = decisions.expense_claim_decide(acting_user=officer, claim=claim, decisions=chosen)
    decided_on = timezone.localdate() - timedelta(days=decided_days_ago)
    ExpenseClaim.objects.filter(pk=claim.pk).update(
        decided_at=timezone.make_aware(datetime.combine(decided_on, time(11)), LONDON))
    ExpenseLine.objects.filter(claim=claim).update(decided_on=decided_on)
    return ExpenseClaim.objects.get(pk=claim.pk)
