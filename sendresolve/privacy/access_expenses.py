"""A person's expense claims for a subject access export: each claim they made (or that was made for them) with
its costs, the decisions and reasons, the payment, and their receipts as files. Two queries, whatever the number."""

from __future__ import annotations

from sendresolve.expenses.models import ExpenseClaim, ExpenseLine
from sendresolve.privacy.access_cases import HeldFile, iso, safe_name


def expense_claims(participant_ids: list[int]) -> tuple[list[dict], list[HeldFile]]:
    claims = list(ExpenseClaim.objects.filter(claimant_id__in=participant_ids)
                  .select_related("case", "paying_body").order_by("created_at", "id"))
    lines: dict[int, list[ExpenseLine]] = {}
    for line in ExpenseLine.objects.filter(claim__in=claims).order_by("incurred_on", "id"):
        lines.setdefault(line.claim_id, []).append(line)
    rows, files = [], []
    for claim in claims:
        reference = claim.case.reference
        rows.append({
            "claim": claim.reference, "case": reference, "meeting_day": iso(claim.meeting_day),
            "paid_by": claim.paying_body.name, "status": claim.get_status_display(),
            "declaration": claim.declaration, "typed_name": claim.typed_name, "sent_at": iso(claim.submitted_at),
            "claimed": str(claim.total_claimed), "approved": None if claim.total_approved is None
            else str(claim.total_approved), "decided_at": iso(claim.decided_at),
            "review_asked_for": claim.review_reason or None, "reviewed_at": iso(claim.reviewed_at),
            "paid_on": iso(claim.paid_on), "payment_reference": claim.payment_reference or None,
            "costs": [{"what": line.get_category_display(), "date": iso(line.incurred_on),
                       "description": line.description, "from": line.from_place or None,
                       "to": line.to_place or None, "miles": None if line.miles is None else str(line.miles),
                       "why_needed": line.why_needed or None, "amount": str(line.amount),
                       "decision": line.get_decision_display() or None,
                       "approved": None if line.approved_amount is None else str(line.approved_amount),
                       "reason": line.decision_reason or None, "receipt": line.receipt_name or None}
                      for line in lines.get(claim.pk, [])],
        })
        files += [HeldFile(f"files/{reference}/receipt-{line.pk}-{safe_name(line.receipt_name, 'receipt')}",
                           "Receipt for an expense claim", reference, line.receipt_name, line.receipt_type,
                           line.receipt) for line in lines.get(claim.pk, []) if line.receipt]
    return rows, files
