"""A family's subject access export carries their expense claims, each cost, decision and reason, and their
receipts; the paying body's officer's export does not (the claims are about the family)."""

from __future__ import annotations

import pytest

from sendresolve.expenses.decisions import expense_claim_decide
from sendresolve.expenses.totals import LineDecision
from sendresolve.privacy.export import subject_access_export
from sendresolve.privacy.subjects import subject_for
from tests.expenses.helpers import PNG, family_claim
from tests.privacy.people import open_export, provider_staff

pytestmark = pytest.mark.django_db


def test_the_familys_export_has_its_claims_and_receipts(held):
    claim = family_claim(held)
    lines = {line.category: line for line in claim.lines.all()}
    expense_claim_decide(acting_user=held.la_officer, claim=claim, decisions={
        lines["mileage"].pk: LineDecision(lines["mileage"].pk, "approved"),
        lines["parking"].pk: LineDecision(lines["parking"].pk, "refused", reason="Free parking at the venue")})
    admin = provider_staff()
    export = open_export(subject_access_export(acting_user=admin, subject=subject_for(admin, f"u{held.parent.pk}"))
                         .archive.read())
    [row] = export.data["expense_claims"]
    assert (row["claim"], row["claimed"], row["approved"], row["typed_name"]) == (
        claim.reference, "10.13", "5.63", "Sarah Collins")
    assert [(cost["what"], cost["decision"], cost["reason"]) for cost in row["costs"]] == [
        ("Travel by car (mileage)", "Approved", None), ("Parking and tolls", "Refused", "Free parking at the venue")]
    [receipt] = [name for name in export.files if "/receipt-" in name]
    assert receipt == f"files/{held.case.reference}/receipt-{lines['parking'].pk}-parking.png"
    assert export.files[receipt] == PNG
    officer = open_export(subject_access_export(acting_user=admin, subject=subject_for(
        admin, f"u{held.la_officer.pk}")).archive.read())
    assert officer.data["expense_claims"] == []
