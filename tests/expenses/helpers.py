"""Claims made through the services, for the expenses tests and the URL access matrix."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sendresolve.cases.models import Participant
from sendresolve.expenses import claims
from sendresolve.expenses.claims import LineDetails
from sendresolve.expenses.models import ExpenseClaim

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def receipt(name: str = "parking.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, "image/png")


def mileage(miles: str = "12.5") -> LineDetails:
    return LineDetails(category="mileage", incurred_on=timezone.localdate(), description="Drove to the meeting",
                       miles=Decimal(miles), from_place="Bexley", to_place="Dartford")


def parking(amount: str = "4.50") -> LineDetails:
    return LineDetails(category="parking", incurred_on=timezone.localdate(), description="Car park, 3 hours",
                       amount=Decimal(amount))


def family_claim(ready, *, send: bool = True, lines=None) -> ExpenseClaim:
    """The family's claim for the held meeting: mileage, and parking with a receipt; sent unless asked not to."""
    family = ready.case.participants.get(role=Participant.Role.RIGHTS_HOLDER)
    claim = claims.expense_claim_start(acting_user=ready.parent, case=ready.case,
                                       meeting=ready.case.meetings.get(), claimant=family)
    for details in lines if lines is not None else [mileage(), parking()]:
        claims.expense_line_add(acting_user=ready.parent, claim=claim, details=details,
                                receipt=None if details.category == "mileage" else receipt())
    if send:
        claims.expense_claim_submit(acting_user=ready.parent, claim=claim, typed_name="Sarah Collins",
                                    confirmed=True)
    claim.refresh_from_db()
    return claim


def meeting_long_ago(ready, days: int) -> None:
    """Set-up: the held meeting took place `days` ago."""
    meeting = ready.case.meetings.get()
    when = timezone.now() - timedelta(days=days)
    type(meeting).objects.filter(pk=meeting.pk).update(start=when, end=when + timedelta(hours=3),
                                                       held_on=timezone.localdate(when))


def claims_for_the_matrix(ready) -> None:
    """For the URL access matrix: the family's claim, sent, and a draft a case officer started for the supporter."""
    family_claim(ready)
    supporter = ready.case.participants.get(name="Ruth (attends as of right)", user__isnull=True)
    draft = claims.expense_claim_start(acting_user=ready.officer, case=ready.case, meeting=ready.case.meetings.get(),
                                       claimant=supporter)
    claims.expense_line_add(acting_user=ready.officer, claim=draft, details=parking("2.00"), receipt=receipt())


def matrix_claims(world) -> list[dict]:
    return [{"reference": claim.reference} for claim in ExpenseClaim.objects.filter(case=world.case)]


def matrix_sent_claims(world) -> list[dict]:
    return [{"reference": claim.reference} for claim in
            ExpenseClaim.objects.filter(case=world.case).exclude(status=ExpenseClaim.Status.DRAFT)]


def matrix_lines(world, *, with_receipt: bool = False) -> list[dict]:
    from sendresolve.expenses.models import ExpenseLine

    lines = ExpenseLine.objects.filter(claim__case=world.case).select_related("claim")
    return [{"reference": line.claim.reference, "line_id": line.pk}
            for line in (lines.exclude(receipt="") if with_receipt else lines)]
