"""An accepted statement as issued: rendered once as a PDF, stored with its SHA-256, and those bytes served ever
after (ADR 11). It is rendered straight after the acceptance commits, outside the mediator's lock; if that fails,
the first download renders it from the same frozen rows."""

from __future__ import annotations

from django.utils import timezone

from sendresolve.documents.fee_statements import StatementFacts, StatementLineFacts, statement_pdf
from sendresolve.documents.models import StoredDocument
from sendresolve.documents.stored import document_once
from sendresolve.fees.models import Statement

PDF = "application/pdf"
STATEMENT_KEY_PREFIX = "fee-statement:"


def statement_document_key(statement: Statement) -> str:
    return f"{STATEMENT_KEY_PREFIX}{statement.pk}"


def statement_facts(statement: Statement) -> StatementFacts:
    """What the invoice says, from the statement's own frozen rows (the lines and agreement are never changed)."""
    agreement = statement.agreement
    return StatementFacts(
        number=statement.number, month=statement.month_words, period_start=statement.period_start,
        period_end=statement.period_end, accepted_on=timezone.localdate(statement.accepted_at),
        supplier_name=statement.supplier_name, supplier_address=statement.supplier_address,
        vat_number=statement.vat_number, provider_name=statement.provider_name,
        agreement_starts=agreement.starts_on if agreement else None,
        agreement_ends=agreement.ends_on if agreement else None,
        vat_rate=statement.vat_rate, net=statement.net, vat=statement.vat, total=statement.total,
        lines=tuple(StatementLineFacts(on_date=line.on_date, case_reference=line.case_reference,
                                       description=line.description, rate=line.rate, net=line.net, vat=line.vat)
                    for line in statement.lines.order_by("position")))


def statement_document(statement: Statement) -> StoredDocument:
    """The stored PDF of an accepted statement (its fingerprint is kept on the statement)."""
    if statement.status != Statement.Status.ACCEPTED:
        raise ValueError("Only an accepted statement is issued as a document.")
    document = document_once(key=statement_document_key(statement),
                             filename=f"self-billed-invoice-{statement.number}.pdf", mimetype=PDF,
                             render=lambda: statement_pdf(statement_facts(statement)))
    if statement.document_sha256 != document.sha256:
        Statement.objects.filter(pk=statement.pk).update(document_key=document.key, document_sha256=document.sha256)
        statement.document_key, statement.document_sha256 = document.key, document.sha256
    return document
