"""A mediator's fees and time for a subject access export: their rate cards, self-billing agreements, the time they
recorded, their statements with every line and dispute, and each accepted statement's stored PDF as a file. A fixed
number of queries, whatever the numbers."""

from __future__ import annotations

from sendresolve.documents.models import StoredDocument
from sendresolve.fees.issued import statement_document_key
from sendresolve.fees.models import (
    RateCard,
    SelfBillingAgreement,
    Statement,
    StatementDispute,
    StatementLine,
    TimeEntry,
)
from sendresolve.privacy.access_cases import HeldFile, iso, safe_name

MONEY_FIELDS = ("preparation_hourly", "meeting_hourly", "write_up_hourly", "travel_hourly", "per_case", "per_session",
                "late_cancel")


def mediator_fees(user) -> tuple[dict, list[HeldFile]]:
    empty = {"rate_cards": [], "self_billing_agreements": [], "time": [], "statements": []}
    if user is None:
        return empty, []
    cards = [{"from": iso(card.effective_from), **{name: str(getattr(card, name)) for name in MONEY_FIELDS},
              "travel": card.get_travel_rule_display(), "preparation_included_minutes": card.prep_included_minutes}
             for card in RateCard.objects.filter(mediator__user=user).order_by("effective_from", "id")]
    agreements = [{"agreed_at": iso(a.agreed_at), "from": iso(a.starts_on), "to": iso(a.ends_on), "words": a.statement,
                   "typed_name": a.typed_name, "address": a.address, "vat_number": a.vat_number or None}
                  for a in SelfBillingAgreement.objects.filter(mediator__user=user).order_by("agreed_at", "id")]
    time = [{"case": e.case.reference, "day": iso(e.worked_on), "what": e.get_activity_display(),
             "minutes": e.minutes, "note": e.note or None, "recorded_at": iso(e.recorded_at),
             "statement": e.statement.month_words if e.statement else None}
            for e in TimeEntry.objects.filter(mediator__user=user).select_related("case", "statement")
            .order_by("worked_on", "id")]
    statements = list(Statement.objects.filter(mediator__user=user).order_by("period_start", "id"))
    lines: dict[int, list[StatementLine]] = {}
    for line in StatementLine.objects.filter(statement__in=statements).order_by("statement_id", "position"):
        lines.setdefault(line.statement_id, []).append(line)
    disputes: dict[int, list[StatementDispute]] = {}
    for dispute in StatementDispute.objects.filter(statement__in=statements).order_by("raised_at", "id"):
        disputes.setdefault(dispute.statement_id, []).append(dispute)
    documents = {document.key: document for document in StoredDocument.objects.filter(
        key__in=[statement_document_key(statement) for statement in statements])}
    rows, files = [], []
    for statement in statements:
        rows.append({
            "month": statement.month_words, "status": statement.get_status_display(),
            "number": statement.number or None, "net": str(statement.net), "vat": str(statement.vat),
            "total": str(statement.total), "accepted_at": iso(statement.accepted_at),
            "name_on_it": statement.supplier_name or None, "address_on_it": statement.supplier_address or None,
            "vat_number_on_it": statement.vat_number or None,
            "lines": [{"day": iso(line.on_date), "case": line.case_reference, "what": line.description,
                       "rate": str(line.rate), "net": str(line.net), "vat": str(line.vat)}
                      for line in lines.get(statement.pk, [])],
            "disputes": [{"line": d.line_text, "reason": d.reason, "at": iso(d.raised_at), "answer": d.answer or None,
                          "answered_at": iso(d.answered_at)} for d in disputes.get(statement.pk, [])],
        })
        document = documents.get(statement_document_key(statement))
        if document is not None:
            files.append(HeldFile(f"files/fees/{safe_name(document.filename, 'statement.pdf')}",
                                  "Statement of fees (self-billed invoice)", "", document.filename, document.mimetype,
                                  document.file))
    return {"rate_cards": cards, "self_billing_agreements": agreements, "time": time, "statements": rows}, files
