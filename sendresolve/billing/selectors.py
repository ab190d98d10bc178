"""Reads for the billing pages: the invoices a person may see, one invoice with its lines, the contracts and their
prices, and what waits for review (`core.waiting`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from sendresolve.accounts.models import User
from sendresolve.billing.access import (
    commissioner_ids,
    invoices_visible_to,
    may_credit,
    may_issue,
    provider_ids,
)
from sendresolve.billing.choices import InvoiceKind, InvoiceStatus
from sendresolve.billing.models import Contract, Invoice, InvoiceLine
from sendresolve.core.keyset import Ordering, Page, Source, read_page
from sendresolve.core.waiting import Waiting

ISSUED_ORDER = Ordering(types=(int,), key_of=lambda invoice: (invoice.id,), descending=True)
PAGE_SIZE = 25
DRAFTS_SHOWN = 100


def drafts_for(user: User) -> list[Invoice]:
    """The drafts of the user's provider, oldest first (bodies never see drafts)."""
    providers = provider_ids(user)
    if not providers:
        return []
    return list(Invoice.objects.filter(provider_id__in=providers, status=InvoiceStatus.DRAFT)
                .select_related("commissioner", "contract").order_by("drafted_at", "id")[:DRAFTS_SHOWN])


def issued_page(user: User, *, after: str = "", before: str = "") -> Page:
    rows = invoices_visible_to(user).filter(status=InvoiceStatus.ISSUED).select_related("commissioner")
    return read_page([Source(rows, ("id",))], ISSUED_ORDER, size=PAGE_SIZE, after=after, before=before)


@dataclass(frozen=True)
class InvoicePage:
    invoice: Invoice
    lines: list[InvoiceLine]
    may_issue: bool
    may_credit: bool
    credit_note: Invoice | None  # the credit note that reversed it, if one did


def invoice_page(user: User, invoice: Invoice) -> InvoicePage:
    lines = list(invoice.lines.select_related("changed_by").order_by("position", "id"))
    credit_note = None
    if invoice.kind == InvoiceKind.INVOICE and not invoice.is_draft:
        credit_note = invoices_visible_to(user).filter(credits=invoice).first()
    return InvoicePage(invoice=invoice, lines=lines, may_issue=invoice.is_draft and may_issue(user, invoice),
                       may_credit=(not invoice.is_draft and invoice.kind == InvoiceKind.INVOICE
                                   and credit_note is None and may_credit(user, invoice)),
                       credit_note=credit_note)


def line_of(invoice: Invoice, line_id: int) -> InvoiceLine:
    line = invoice.lines.filter(pk=line_id).first()
    if line is None:
        raise Http404("No such line")
    return line


def contracts_visible_to(user: User) -> QuerySet[Contract]:
    providers, bodies = provider_ids(user), commissioner_ids(user)
    seen = Q(pk__in=[])
    if providers:
        seen |= Q(provider_id__in=providers)
    if bodies:
        seen |= Q(commissioner_id__in=bodies)
    return Contract.objects.filter(seen).select_related("commissioner", "provider")


def contract_for(user: User, pk: int) -> Contract:
    contract = contracts_visible_to(user).filter(pk=pk).first()
    if contract is None:
        raise Http404("No such contract")
    return contract


@dataclass(frozen=True)
class Spend:
    """Invoiced under a contract so far (issued invoices less their credit notes), against its ceiling."""

    invoiced: Decimal
    ceiling: Decimal | None

    @property
    def percent_of_ceiling(self) -> int | None:
        if not self.ceiling:
            return None
        return int(self.invoiced * 100 / self.ceiling)


def contract_spend(contract: Contract) -> Spend:
    totals = Invoice.objects.filter(contract=contract, status=InvoiceStatus.ISSUED).values_list("total", flat=True)
    return Spend(sum(totals, Decimal("0.00")), contract.ceiling)


def drafts_waiting(user: User, limit: int = 10) -> list[Waiting]:
    """`core.waiting` source: the provider's draft invoices waiting for a case officer's or service manager's review,
    with how long each has waited (one query)."""
    if not user.is_authenticated:
        return []
    from sendresolve.billing.access import ISSUING_ROLES

    providers = provider_ids(user, ISSUING_ROLES)
    if not providers:
        return []
    drafts = (Invoice.objects.filter(provider_id__in=providers, status=InvoiceStatus.DRAFT)
              .order_by("drafted_at", "id").values_list("pk", "drafted_at", "commissioner__name")[:limit])
    return [Waiting(what="Draft invoice to review", reference=name,
                    url=reverse("invoice_detail", kwargs={"invoice_id": pk}), since=drafted_at)
            for pk, drafted_at, name in drafts]
