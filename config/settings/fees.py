"""Mediators' fees and time (sendresolve/fees, docs/money.md "Mediators' fees and time", ADR 24). What the sources leave
open is a setting with its default's reason (money-and-reports.md B4: mediators' pay rates are in no public source)."""

from decimal import Decimal

from config.env import env

# Self-billed invoices must be numbered "based on one or more series which uniquely identifies the document" (VAT
# Regulations 1995 reg 14(1)(a)); whether a self-biller keeps one series per supplier or one for all is not settled
# by anything read [U]. "per_mediator" (the default): each mediator's statements run 1, 2, 3... as the invoices in
# their own books would; "per_provider": one series across every mediator.
FEE_STATEMENT_NUMBERING = env.str("FEE_STATEMENT_NUMBERING", default="per_mediator")

# The month's statements are drafted by the first worker sweep on or after this day of the next month (1: the first
# day), from the time recorded up to the month's end. A service manager can also draft them at any time.
FEE_STATEMENT_DRAFT_DAY = env.int("FEE_STATEMENT_DRAFT_DAY", default=1)

# VAT on a VAT-registered mediator's fees: the standard rate (Value Added Tax Act 1994 s.2(1), 20%). Whether a
# mediator's supply is standard-rated is for the provider's accountant [U]; 0 turns VAT off for everyone.
FEE_VAT_RATE_PERCENT = Decimal(env.str("FEE_VAT_RATE_PERCENT", default="20"))

# A self-billing agreement runs this many months and is then agreed again: HMRC's Notice 700/62 (section 3) asks
# for an agreement with each supplier for a set period, usually 12 months or the length of the contract.
SELF_BILLING_AGREEMENT_MONTHS = env.int("SELF_BILLING_AGREEMENT_MONTHS", default=12)

# A booked meeting cancelled (by anyone but the mediator) with fewer than this many clear working days left before it
# earns the mediator the late-cancellation fee of their rate card, counted as invoices to LAs count late changes
# (clock.billing_periods.changed_late). No public source gives a window [U]: two is a default the provider sets in
# its mediators' terms.
MEDIATOR_LATE_CANCEL_WORKING_DAYS = env.int("MEDIATOR_LATE_CANCEL_WORKING_DAYS", default=2)

# How long mediators' statements (self-billed invoices, with their lines, disputes and PDFs) and the time on them are
# kept after the end of the financial year (31 March) of the month they cover, and superseded rate cards and ended
# self-billing agreements after they stop: six years, as HMRC asks of VAT records, invoices among them (Value Added
# Tax Act 1994 Sch 11 para 6(3); VAT Notice 700/21), and as long as a claim about a payment can be brought
# (Limitation Act 1980 s.5).
FEE_RECORD_RETENTION_YEARS = env.int("FEE_RECORD_RETENTION_YEARS", default=6)
