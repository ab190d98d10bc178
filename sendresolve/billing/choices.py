"""The vocabulary of billing: VAT treatments, price codes (money-and-reports.md B2), invoice kinds and states."""

from __future__ import annotations

from decimal import Decimal

from django.db import models


class VatTreatment(models.TextChoices):
    """Per contract: whether the provider charges VAT on this body's invoices, and how. Whether mediation for an LA
    is exempt, and the provider's own VAT status, are for its accountant [U]: the administrator chooses."""

    STANDARD = "standard", "Standard rate"
    ZERO = "zero", "Zero rate"
    EXEMPT = "exempt", "Exempt"
    OUTSIDE_SCOPE = "outside_scope", "Outside the scope of VAT"


# The standard rate of VAT in the UK since 4 January 2011 (Value Added Tax Act 1994 s.2(1), as amended by the
# Finance (No. 2) Act 2010 s.3): the default of a contract's rate, which the administrator can change.
STANDARD_VAT_PERCENT = Decimal("20.00")

# The parties whose late cancellations or non-attendance a contract may charge for (meetings.MeetingChange.Party).
# The provider's own, and its mediators', are never billed: no code exists for them.
CHARGEABLE_PARTIES = {
    "la": "the local authority",
    "icb": "the ICB",
    "family": "the family",
    "school": "the school or college",
    "social_care": "social care",
}


class PriceCode(models.TextChoices):
    """What a price is for: each billable event of a case, or a period (B2)."""

    ADVICE_ONLY = "ADVICE_ONLY", "Adviser's information, no certificate (per case)"
    ADVICE_CERT_ONLY = "ADVICE_CERT_ONLY", "Adviser's information and a certificate, no mediation (per case)"
    DEEMED_CERT = "DEEMED_CERT", "Certificate: mediation could not be arranged in 30 days (per case)"
    MEDIATION_CASE = "MEDIATION_CASE", "Mediation case, first session held (per case)"
    MEETING = "MEETING", "Meeting held, by form and length (per meeting)"
    MEDIATION_EXTRA_SESSION = "MEDIATION_EXTRA_SESSION", "Each further session held (per session)"
    DR_CASE = "DR_CASE", "Disagreement resolution case, meeting held (per case)"
    LATE_CANCEL_LA = "LATE_CANCEL_LA", "Late cancellation or move by the local authority (per meeting)"
    LATE_CANCEL_ICB = "LATE_CANCEL_ICB", "Late cancellation or move by the ICB (per meeting)"
    LATE_CANCEL_FAMILY = "LATE_CANCEL_FAMILY", "Late cancellation or move by the family (per meeting)"
    LATE_CANCEL_SCHOOL = "LATE_CANCEL_SCHOOL", "Late cancellation or move by the school or college (per meeting)"
    LATE_CANCEL_SOCIAL_CARE = "LATE_CANCEL_SOCIAL_CARE", "Late cancellation or move by social care (per meeting)"
    NO_SHOW_LA = "NO_SHOW_LA", "Meeting not held: the local authority did not attend (per meeting)"
    NO_SHOW_ICB = "NO_SHOW_ICB", "Meeting not held: the ICB did not attend (per meeting)"
    NO_SHOW_FAMILY = "NO_SHOW_FAMILY", "Meeting not held: the family did not attend (per meeting)"
    NO_SHOW_SCHOOL = "NO_SHOW_SCHOOL", "Meeting not held: the school or college did not attend (per meeting)"
    NO_SHOW_SOCIAL_CARE = "NO_SHOW_SOCIAL_CARE", "Meeting not held: social care did not attend (per meeting)"
    BLOCK_FEE = "BLOCK_FEE", "Block or subscription fee (per month)"


def late_cancel_code(party: str) -> str:
    return f"LATE_CANCEL_{party.upper()}"


def no_show_code(party: str) -> str:
    return f"NO_SHOW_{party.upper()}"


# Codes of lines that are not priced from the contract's price list.
EXPENSES_CODE = "EXPENSES"  # families' approved expenses, at cost (a disbursement: no VAT)
MANUAL_CODE = "MANUAL"  # a line staff added by hand, with a reason

LINE_CODE_LABELS = {**dict(PriceCode.choices), EXPENSES_CODE: "Family's approved expenses (at cost)",
                    MANUAL_CODE: "Added by the mediation service"}


class MeetingForm(models.TextChoices):
    """A price for meetings of one form, or of any (meetings.Meeting.Format, with "any")."""

    ANY = "", "Any form"
    ONLINE = "online", "Online, by video call"
    PHONE = "phone", "By phone"
    IN_PERSON = "in_person", "In person"


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CREDIT_NOTE = "credit_note", "Credit note"


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", "Draft: waiting for review"
    ISSUED = "issued", "Issued"


NUMBER_PREFIX = {InvoiceKind.INVOICE: "INV", InvoiceKind.CREDIT_NOTE: "CN"}
