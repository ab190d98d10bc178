"""Billing's part of the URL access matrix (tests/test_url_access_matrix.py): a contract for the case's LA with an
issued invoice (its mediation) and a draft with a line added by hand, and the URLs of each."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.billing.drafting import invoice_draft
from sendresolve.billing.issuing import invoice_issue
from sendresolve.billing.lines import invoice_line_add
from sendresolve.billing.models import Contract, Invoice
from tests.billing import world
from tests.factories import person


def billing_for_the_matrix(ready) -> User:
    """Bills the case's held meeting and leaves a draft; returns a service manager of the provider (who alone may
    reverse an invoice)."""
    provider = ready.officer.memberships.get().organisation
    today = timezone.localdate()
    deal = world.contract(provider, ready.la, starts_on=today - timedelta(days=30))
    invoice_issue(acting_user=ready.officer,
                  invoice=invoice_draft(acting_user=ready.officer, contract=deal, up_to=today))
    draft = Invoice.objects.create(provider=provider, contract=deal, commissioner=ready.la, period_start=today,
                                   period_end=today)
    invoice_line_add(acting_user=ready.officer, invoice=draft, description="Interpreter at the meeting", on=today,
                     unit_price="85.00", reason="Booked for the family", case_reference=ready.case.reference)
    return person(Role.SERVICE_MANAGER, provider)


def _invoices(w, status: str) -> list[Invoice]:
    return list(Invoice.objects.filter(commissioner=w.ready.la, status=status))


def matrix_issued(w) -> list[dict]:
    return [{"invoice_id": invoice.pk} for invoice in _invoices(w, "issued")]


def matrix_drafts(w) -> list[dict]:
    return [{"invoice_id": invoice.pk} for invoice in _invoices(w, "draft")]


def matrix_invoices(w) -> list[dict]:
    return matrix_issued(w) + matrix_drafts(w)


def matrix_draft_lines(w) -> list[dict]:
    return [{"invoice_id": invoice.pk, "line_id": line.pk} for invoice in _invoices(w, "draft")
            for line in invoice.lines.all()]


def matrix_documents(w) -> list[dict]:
    return [{"invoice_id": invoice.pk, "extension": extension} for invoice in _invoices(w, "issued")
            for extension in ("pdf", "xlsx", "csv")]


def matrix_contracts(w) -> list[dict]:
    return [{"contract_id": contract.pk} for contract in Contract.objects.filter(commissioner=w.ready.la)]
