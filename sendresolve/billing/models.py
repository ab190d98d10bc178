"""Contracts with their price lists, and invoices with their lines (money-and-reports.md B2 and B3; ADR 23).

Money is `core.money` throughout: decimal columns exact to the penny, never floats. An issued invoice is frozen: its
lines carry their own prices (copied from the price list when drafted), and what the documents print about the
contract (its reference, the purchase order, the body's name) is copied onto the invoice when it is issued, so no
later change of a price or a contract changes it. Changes after issue are credit notes.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.accounts.models import Organisation
from sendresolve.accounts.roles import OrganisationKind
from sendresolve.billing.choices import (
    STANDARD_VAT_PERCENT,
    InvoiceKind,
    InvoiceStatus,
    MeetingForm,
    PriceCode,
    VatTreatment,
)
from sendresolve.cases.models import Case
from sendresolve.core.money import money_field

COMMISSIONER_KINDS = (OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.ICB)


def percent_field(**options) -> models.DecimalField:
    return models.DecimalField(max_digits=5, decimal_places=2, **options)


class Contract(models.Model):
    """What one commissioning body (an LA or an ICB) buys from the provider, for a period."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                 limit_choices_to={"kind": OrganisationKind.PROVIDER})
    commissioner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contracts",
                                     limit_choices_to={"kind__in": COMMISSIONER_KINDS},
                                     help_text="The local authority or ICB that pays")
    reference = models.CharField("contract reference", max_length=60)
    purchase_order = models.CharField("purchase order number", max_length=60, blank=True)
    starts_on = models.DateField("starts on")
    ends_on = models.DateField("ends on")
    ceiling = money_field(null=True, blank=True, help_text="The most the contract may be worth, if it is capped")
    vat_treatment = models.CharField(max_length=20, choices=VatTreatment.choices, default=VatTreatment.STANDARD)
    vat_percent = percent_field(default=STANDARD_VAT_PERCENT, help_text="The rate charged when VAT is at the "
                                                                        "standard rate")
    # Public contracts usually ask for payment within 30 days of a valid invoice (the exact statutory source under
    # the Procurement Act 2023 is unconfirmed [U]): a contract setting.
    payment_terms_days = models.PositiveSmallIntegerField("payment terms (days)", default=30)
    finance_email = models.EmailField("finance contact's e-mail address",
                                      help_text="Issued invoices and credit notes are e-mailed here")
    cost_centre = models.CharField(max_length=60, blank=True)
    # No public source gives a notice period for cancellation fees (money-and-reports.md B1): the contract says.
    late_cancel_working_days = models.PositiveSmallIntegerField(
        "late cancellation: fewer than this many clear working days' notice",
        help_text="A meeting cancelled or moved with fewer clear working days' notice than this is a late "
                  "cancellation, billed where the price list has a fee for the party that caused it")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commissioner__name", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "reference"], name="contract_unique_reference"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="contract_ends_after_start"),
        ]
        indexes = [models.Index(fields=["commissioner", "starts_on"], name="contract_commissioner")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.commissioner})" if self.commissioner_id else self.reference

    @property
    def vat_rate(self) -> Decimal:
        """The VAT rate (percent) on this contract's priced lines."""
        return self.vat_percent if self.vat_treatment == VatTreatment.STANDARD else Decimal("0.00")


class PriceItem(models.Model):
    """One price on a contract's list, from a date (and to one, when it was replaced). A new price is a new item:
    an item an issued invoice used keeps its price and start (admin.PriceItemForm)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="prices")
    code = models.CharField(max_length=40, choices=PriceCode.choices)
    label = models.CharField(max_length=200, blank=True, help_text="What the invoice line says (empty: the code's "
                                                                   "own words)")
    meeting_form = models.CharField(max_length=20, choices=MeetingForm.choices, blank=True,
                                    help_text="Meetings only: the form this price is for (empty: any)")
    up_to_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Meetings only: for meetings up to this long (empty: any length)")
    price = money_field(help_text="Pounds, before VAT")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="The last day it applies (empty: until "
                                                                     "replaced)")

    class Meta:
        ordering = ["code", "meeting_form", "up_to_minutes", "effective_from"]
        indexes = [models.Index(fields=["contract", "code", "effective_from"], name="price_item_lookup")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="price_item_not_negative"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True)
                                   | Q(effective_to__gte=models.F("effective_from")),
                                   name="price_item_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.label or self.get_code_display()

    @property
    def words(self) -> str:
        """What an invoice line for it says."""
        if self.label:
            return self.label
        if self.code != PriceCode.MEETING:
            return self.get_code_display()
        form = MeetingForm(self.meeting_form).label.lower() if self.meeting_form else ""
        length = f" up to {self.up_to_minutes} minutes" if self.up_to_minutes else ""
        return f"Meeting held{', ' + form if form else ''}{length}"


class Invoice(models.Model):
    """An invoice or a credit note to one commissioning body under one contract. A draft collects lines until a
    case officer or service manager issues it; issuing numbers it (gap-free per provider and kind) and freezes it."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="invoices")
    commissioner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    status = models.CharField(max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    period_start = models.DateField()
    period_end = models.DateField()
    sequence = models.PositiveIntegerField(null=True, blank=True)
    number = models.CharField(max_length=30, blank=True)
    # A credit note: the invoice it reverses (kept as a number too, should the invoice's own period end first).
    credits = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="credit_notes")
    credits_number = models.CharField(max_length=30, blank=True)
    reason = models.TextField(blank=True)  # why a credit note was issued
    drafted_at = models.DateTimeField(auto_now_add=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")  # none: the monthly run
    issued_on = models.DateField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    due_on = models.DateField(null=True, blank=True)
    financial_year_end = models.DateField(null=True, blank=True)  # of the issue date: records are kept from it
    net = money_field(default=Decimal("0.00"))
    vat = money_field(default=Decimal("0.00"))
    total = money_field(default=Decimal("0.00"))
    # What the documents print, frozen when issued.
    provider_name = models.CharField(max_length=200, blank=True)
    commissioner_name = models.CharField(max_length=200, blank=True)
    contract_reference = models.CharField(max_length=60, blank=True)
    purchase_order = models.CharField(max_length=60, blank=True)
    cost_centre = models.CharField(max_length=60, blank=True)
    vat_treatment = models.CharField(max_length=20, choices=VatTreatment.choices, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(null=True, blank=True)
    sent_to = models.EmailField(blank=True)

    class Meta:
        ordering = ["-issued_on", "-sequence", "-drafted_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "kind", "sequence"], condition=Q(sequence__isnull=False),
                                    name="invoice_unique_sequence"),
            models.UniqueConstraint(fields=["provider", "number"], condition=~Q(number=""),
                                    name="invoice_unique_number"),
            models.UniqueConstraint(fields=["contract"], condition=Q(status=InvoiceStatus.DRAFT),
                                    name="invoice_one_draft_per_contract"),
            models.UniqueConstraint(fields=["credits"], condition=Q(credits__isnull=False),
                                    name="invoice_credited_once"),
            models.CheckConstraint(condition=Q(status=InvoiceStatus.DRAFT) | (Q(sequence__isnull=False)
                                                                               & ~Q(number="")),
                                   name="invoice_issued_has_number"),
        ]
        indexes = [
            models.Index(fields=["commissioner", "status", "-issued_on"], name="invoice_commissioner"),
            models.Index(fields=["provider", "status", "drafted_at"], name="invoice_provider_status"),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.get_kind_display()} {self.number}"
        return f"Draft invoice to {self.commissioner_name or self.commissioner}"

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE


class InvoiceLine(models.Model):
    """One line: a billable event of a case (its reference and date, never a child's name), a family's approved
    expenses, or a line staff added; with its own quantity, price and VAT, rounded once each."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case_reference = models.CharField(max_length=20, blank=True)
    on = models.DateField("date")
    code = models.CharField(max_length=40)
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("1.00"))
    unit_price = money_field()
    net = money_field()
    vat_percent = percent_field(default=Decimal("0.00"))
    vat = money_field()
    total = money_field()
    price_item = models.ForeignKey(PriceItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    event = models.CharField(max_length=160, blank=True)  # the billable event it is for (empty: added by hand)
    expense_line_ids = models.JSONField(default=list, blank=True)  # the expenses app's lines it bills
    # An adjusted line keeps what it was drafted with; a line added by hand, or adjusted, says why.
    original_quantity = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    original_unit_price = money_field(null=True, blank=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["case"], name="invoice_line_case")]

    def __str__(self) -> str:
        return f"{self.case_reference or '-'} {self.on}: {self.description}"

    @property
    def adjusted(self) -> bool:
        return self.original_unit_price is not None


class BilledEvent(models.Model):
    """A billable event (with its price code) that is on an invoice: one line per event and code, however often
    invoices are drafted. Kept when the line goes with its invoice's records, so an event is never billed twice;
    released only when a credit note reverses the invoice that billed it."""

    key = models.CharField(max_length=200, unique=True)  # "<code>|<event>", e.g. "MEETING|meeting:12"
    line = models.ForeignKey(InvoiceLine, on_delete=models.SET_NULL, null=True, related_name="billed_events")

    def __str__(self) -> str:
        return self.key


class InvoiceCounter(models.Model):
    """The last number issued, per provider and kind: locked (SELECT ... FOR UPDATE) by the transaction that
    issues, so numbers have no gaps and no repeats whoever issues at once."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=InvoiceKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "kind"], name="invoice_counter_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} numbers of {self.provider_id}: last {self.last}"


class InvoiceRun(models.Model):
    """The monthly drafting, once per month whoever runs the sweep (a unique row per month)."""

    month = models.CharField(max_length=7, unique=True)  # "2026-11": the month the drafts cover
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    drafted = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Invoices drafted for {self.month}"
