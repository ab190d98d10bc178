"""The retention table's entries for mediators' fees and time (sendresolve/fees; ADR 24). Statements are self-billed
invoices: the provider's financial records, kept `FEE_RECORD_RETENTION_YEARS` (6) after the end of the financial
year of the month they cover, then deleted with their lines, disputes and stored PDF; the time on them goes with them
(time on no statement, 6 years after its day). A rate card goes 6 years after a later card replaced it, a
self-billing agreement 6 years after it ended. Lines name cases by reference and date, never a child; a mediator's
note on their time is cleared when its case is anonymised (an entry of the case's, in `retention_table.py`)."""

from __future__ import annotations

from django.db.models import BigIntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, Substr

from sendresolve.clock.retention import RetentionUnit
from sendresolve.fees.issued import STATEMENT_KEY_PREFIX
from sendresolve.fees.models import RateCard, Statement
from sendresolve.privacy.retention_entries import Action, NoPersonalData, Period, RetentionEntry

FEE_RECORDS = ("A statement is the mediator's invoice, drawn up by the provider (self-billing): HMRC asks a "
               "VAT-registered business to keep its invoices for 6 years (VAT Notice 700/21), and a claim about a "
               "payment can be brought for 6 years (Limitation Act 1980 s.5)")
FEE_PERIOD = Period("FEE_RECORD_RETENTION_YEARS", RetentionUnit.YEARS)
FY_END = "the end of the financial year (31 March) of the month the statement covers"

_KEY_PREFIX = STATEMENT_KEY_PREFIX  # fees.issued.statement_document_key: "fee-statement:" then the statement's id


def _statement_of_document():
    statement_id = Cast(Substr(OuterRef("key"), len(_KEY_PREFIX) + 1), BigIntegerField())
    return Subquery(Statement.objects.filter(pk=statement_id).values("financial_year_end")[:1])


def _replaced_on():
    """The day the next rate card of the same mediator started (None while the card is still in force)."""
    return Subquery(RateCard.objects.filter(mediator=OuterRef("mediator"), effective_from__gt=OuterRef(
        "effective_from")).order_by("effective_from").values("effective_from")[:1])


FEES_ENTRIES = (
    RetentionEntry(
        key="fee_statement_documents", model="documents.StoredDocument",
        holds="accepted statements (self-billed invoices) as PDF: the mediator's name, address and VAT number, case "
              "references, what they were paid",
        reason=FEE_RECORDS, action=Action.DELETE, effect="The documents and their stored files are deleted.",
        period=FEE_PERIOD, runs_from=FY_END, start=_statement_of_document(),
        only=Q(key__startswith=_KEY_PREFIX), files=("file",)),
    RetentionEntry(
        key="fee_statement_lines", model="fees.StatementLine",
        holds="each line of a statement: a case reference and date, the work, the rate and the amount",
        reason=FEE_RECORDS, action=Action.DELETE, effect="Deleted with their statement.",
        period=FEE_PERIOD, runs_from=FY_END, start="statement__financial_year_end"),
    RetentionEntry(
        key="fee_statement_disputes", model="fees.StatementDispute",
        holds="a mediator's reason for disputing a line, and the service manager's answer",
        reason=FEE_RECORDS, action=Action.DELETE, effect="Deleted with their statement.",
        period=FEE_PERIOD, runs_from=FY_END, start="statement__financial_year_end"),
    RetentionEntry(
        key="fee_statements", model="fees.Statement",
        holds="a mediator's monthly statement: their name, address and VAT number, the totals, who accepted it",
        reason=FEE_RECORDS, action=Action.DELETE, effect="Deleted, with any line left.",
        period=FEE_PERIOD, runs_from=FY_END, start="financial_year_end"),
    RetentionEntry(
        key="mediator_time", model="fees.TimeEntry",
        holds="a mediator's time on a case: the day, what they did, how long, their note",
        reason=FEE_RECORDS, action=Action.DELETE, effect="Deleted.",
        period=FEE_PERIOD, runs_from="the end of the financial year of the statement it is on (time on no "
                                     "statement: the day it was worked)",
        start=Coalesce("statement__financial_year_end", "worked_on")),
    RetentionEntry(
        key="rate_cards", model="fees.RateCard",
        holds="what the provider pays a mediator",
        reason=f"{FEE_RECORDS}; a card in force is kept while it is", action=Action.DELETE, effect="Deleted.",
        period=FEE_PERIOD, runs_from="a later card replaced it", start=_replaced_on()),
    RetentionEntry(
        key="self_billing_agreements", model="fees.SelfBillingAgreement",
        holds="a mediator's self-billing agreement: their typed name, address and VAT registration number",
        reason=f"{FEE_RECORDS}; the agreement is the record that the provider could issue them (Notice 700/62)",
        action=Action.DELETE, effect="Deleted (the statements keep their own copy of the name and address).",
        period=FEE_PERIOD, runs_from="the agreement ended", start="ends_on"),
)

FEES_NO_PERSONAL_DATA = (
    NoPersonalData("fees.StatementSequence", "the last statement number of each series"),
    NoPersonalData("fees.StatementRun", "the month each monthly drafting ran, and how many statements it drafted"),
)
