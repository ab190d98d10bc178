"""Mediators' time on each case, the provider's rate card for each mediator, the self-billing agreement, and the
monthly statements (self-billed invoices) made from them. Money is `core.money`: Decimal pounds, exact to the penny.

Pay never depends on a case's outcome (money-and-reports.md B4: the mediator's impartiality): nothing here reads one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.cases.models import Case
from sendresolve.core.money import money_field
from sendresolve.fees.pay import hours_and_minutes
from sendresolve.mediators.models import MediatorProfile
from sendresolve.meetings.models import Meeting, MeetingChange


class TimeKind(models.TextChoices):
    """The kinds of time a rate card prices by the hour."""

    PREPARATION = "preparation", "Preparation"
    MEETING = "meeting", "Meeting"
    WRITE_UP = "write_up", "Write-up"
    TRAVEL = "travel", "Travel"


class Activity(models.TextChoices):
    PREP_FAMILY = "prep_family", "Preparation with the family"
    PREP_LA = "prep_la", "Preparation with the local authority"
    PREP_ICB = "prep_icb", "Preparation with the ICB"
    READING = "reading", "Reading the papers"
    CHILD_VIEWS = "child_views", "Hearing the child's views"
    MEETING = "meeting", "The mediation meeting"
    WRITE_UP = "write_up", "Writing up the outcome"
    CERTIFICATE = "certificate", "Certificate paperwork"
    TRAVEL = "travel", "Travel"


KIND_OF_ACTIVITY: dict[str, str] = {
    Activity.PREP_FAMILY: TimeKind.PREPARATION, Activity.PREP_LA: TimeKind.PREPARATION,
    Activity.PREP_ICB: TimeKind.PREPARATION, Activity.READING: TimeKind.PREPARATION,
    Activity.CHILD_VIEWS: TimeKind.PREPARATION, Activity.MEETING: TimeKind.MEETING,
    Activity.WRITE_UP: TimeKind.WRITE_UP, Activity.CERTIFICATE: TimeKind.WRITE_UP, Activity.TRAVEL: TimeKind.TRAVEL,
}

MINUTES_IN_AN_ENTRY = 12 * 60  # one entry is one piece of work on one day: longer is a typing slip


class TimeEntry(models.Model):
    """Time a mediator spent on one case they are allocated to. Correctable until it is on an accepted statement."""

    mediator = models.ForeignKey(MediatorProfile, on_delete=models.PROTECT, related_name="time_entries")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="time_entries")
    activity = models.CharField(max_length=20, choices=Activity.choices)
    worked_on = models.DateField()
    minutes = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The statement it is on: an open one while it can still change, an accepted one for good.
    statement = models.ForeignKey("Statement", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="time_entries")
    recorded_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-worked_on", "-id"]
        verbose_name_plural = "time entries"
        indexes = [models.Index(fields=["mediator", "worked_on"], name="time_entry_mediator_day"),
                   models.Index(fields=["mediator"], condition=Q(statement__isnull=True), name="time_entry_unbilled")]
        constraints = [models.CheckConstraint(condition=Q(minutes__gte=1, minutes__lte=MINUTES_IN_AN_ENTRY),
                                              name="time_entry_minutes_in_range")]

    def __str__(self) -> str:
        return f"{self.get_activity_display()}, {self.minutes} minutes on {self.worked_on}"

    @property
    def kind(self) -> str:
        return KIND_OF_ACTIVITY[self.activity]

    @property
    def length(self) -> str:
        return hours_and_minutes(self.minutes)


class TravelRule(models.TextChoices):
    NOT_PAID = "not_paid", "Travel time is not paid"
    HOURLY = "hourly", "Travel time is paid at the travel rate"


class RateCard(models.Model):
    """What the provider pays one mediator, from a date until the next card's date. Recorded by an administrator
    (through `rates.rate_card_save`); a card used on an accepted statement never changes: add a new one."""

    mediator = models.ForeignKey(MediatorProfile, on_delete=models.PROTECT, related_name="rate_cards")
    effective_from = models.DateField()
    preparation_hourly = money_field(default=0, help_text="Per hour of preparation: calls with the parties, "
                                                          "reading, hearing the child's views")
    meeting_hourly = money_field(default=0, help_text="Per hour of the meeting itself")
    write_up_hourly = money_field(default=0, help_text="Per hour of writing up the outcome and certificates")
    travel_rule = models.CharField(max_length=20, choices=TravelRule.choices, default=TravelRule.NOT_PAID)
    travel_hourly = money_field(default=0, help_text="Per hour of travel, when travel time is paid")
    per_case = money_field(default=0, help_text="Once for each case, on the first statement with time on it")
    per_session = money_field(default=0, help_text="For each meeting session recorded")
    prep_included_minutes = models.PositiveIntegerField(
        default=0, help_text="Minutes of preparation per case that the case fee covers; only time beyond them is "
                             "paid by the hour")
    late_cancel = money_field(default=0, help_text="When a booked meeting is cancelled late by anyone but the "
                                                   "mediator")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mediator", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["mediator", "effective_from"], name="rate_card_one_a_day")]

    def __str__(self) -> str:
        return f"Rate card of {self.mediator} from {self.effective_from:%-d %B %Y}"


class SelfBillingAgreement(models.Model):
    """The mediator's written agreement that the provider issues their invoices (HMRC Notice 700/62, section 3): the
    words they agreed to, their typed name, for a set period, and whether they are VAT-registered."""

    mediator = models.ForeignKey(MediatorProfile, on_delete=models.PROTECT, related_name="self_billing_agreements")
    starts_on = models.DateField()
    ends_on = models.DateField()
    statement = models.TextField()  # the words agreed, as they were shown
    typed_name = models.CharField(max_length=200)
    address = models.TextField()  # the supplier's address, which a VAT invoice carries (VAT Regulations reg 14)
    vat_number = models.CharField(max_length=20, blank=True)  # empty: not VAT-registered
    agreed_at = models.DateTimeField(auto_now_add=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-agreed_at", "-id"]
        indexes = [models.Index(fields=["mediator", "-agreed_at"], name="self_billing_mediator")]

    def __str__(self) -> str:
        return f"Self-billing agreement of {self.mediator} from {self.starts_on:%-d %B %Y}"

    @property
    def vat_registered(self) -> bool:
        return bool(self.vat_number)


class Statement(models.Model):
    """One mediator's monthly statement: drafted by the service from their time and rate cards, accepted by them
    (when it becomes a self-billed invoice with its number, frozen as a PDF) or disputed back to the service
    manager."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Waiting for the mediator to accept"
        DISPUTED = "disputed", "Disputed: with the service manager"
        ACCEPTED = "accepted", "Accepted"

    mediator = models.ForeignKey(MediatorProfile, on_delete=models.PROTECT, related_name="statements")
    period_start = models.DateField()
    period_end = models.DateField()
    financial_year_end = models.DateField()  # the 31 March on or after period_end: its records are kept from it
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING)
    revision = models.PositiveIntegerField(default=1)  # raised at every redraft: an acceptance names the one read
    drafted_at = models.DateTimeField()
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")  # None: the service's monthly run
    waiting_since = models.DateTimeField()  # since when the person whose turn it is has had it
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    net = money_field(default=0)
    vat = money_field(default=0)
    total = money_field(default=0)
    number = models.CharField(max_length=40, blank=True)  # given when accepted, gap-free (`numbering`)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    agreement = models.ForeignKey(SelfBillingAgreement, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="statements")
    # Who supplied and who was supplied, as they stood when the statement was accepted (the invoice's parties):
    # copied, so the invoice says the same whatever later happens to the agreement or the account.
    supplier_name = models.CharField(max_length=200, blank=True)
    supplier_address = models.TextField(blank=True)
    vat_number = models.CharField(max_length=20, blank=True)
    provider_name = models.CharField(max_length=200, blank=True)
    document_key = models.CharField(max_length=100, blank=True)  # the stored PDF (documents.StoredDocument)
    document_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-period_start", "mediator_id"]
        constraints = [
            models.UniqueConstraint(fields=["mediator", "period_start"], name="statement_one_a_month"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="statement_number_unique"),
            models.CheckConstraint(condition=Q(total=models.F("net") + models.F("vat")),
                                   name="statement_total_is_net_and_vat"),
        ]
        indexes = [models.Index(fields=["status", "waiting_since"], name="statement_waiting")]

    def __str__(self) -> str:
        return self.number or f"Statement of {self.mediator} for {self.period_start:%B %Y}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ACCEPTED

    @property
    def month_words(self) -> str:
        return f"{self.period_start:%B %Y}"


class LineKind(models.TextChoices):
    TIME = "time", "Time"
    CASE_FEE = "case_fee", "Case fee"
    SESSION_FEE = "session_fee", "Session fee"
    LATE_CANCELLATION = "late_cancellation", "Late cancellation"


class StatementLine(models.Model):
    """One line of a statement, with what it is for written out: the case reference and date, never a child's
    name. Copied from the time entry and rate card, so an accepted statement never changes with them."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=LineKind.choices)
    on_date = models.DateField()
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case_reference = models.CharField(max_length=40)
    description = models.CharField(max_length=300)
    minutes = models.PositiveIntegerField(null=True, blank=True)  # time paid by the hour
    rate = money_field()  # per hour, or the fee
    net = money_field()
    vat = money_field()
    time_entry = models.ForeignKey(TimeEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    meeting_change = models.ForeignKey(MeetingChange, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    # None on an open statement: no card was in force on the day, and it cannot be accepted until an administrator
    # adds one. (On an accepted statement the line keeps its own copy of the rate, whatever becomes of the card.)
    rate_card = models.ForeignKey(RateCard, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["statement", "position"]
        constraints = [models.UniqueConstraint(fields=["statement", "position"], name="statement_line_position")]
        indexes = [models.Index(fields=["case", "kind"], name="statement_line_case_kind")]

    def __str__(self) -> str:
        return f"{self.case_reference}: {self.description}"

    @property
    def total(self):
        return self.net + self.vat


class StatementDispute(models.Model):
    """The mediator's reason for disputing a line, and the service manager's answer."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="disputes")
    revision = models.PositiveIntegerField()  # the statement's revision the line was on
    line_text = models.CharField(max_length=400)  # the line disputed, as it read
    reason = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return f"Dispute of {self.line_text}"


class StatementSequence(models.Model):
    """The last number given in one series of statement numbers (one per mediator, or one for the provider:
    `FEE_STATEMENT_NUMBERING`). Locked while a number is taken, in the acceptance's transaction, so numbers have
    no gaps and no repeats."""

    series = models.CharField(max_length=40, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.series}: {self.last_number}"


class StatementRun(models.Model):
    """The monthly run that drafted one month's statements (so later sweeps that month read one row, not every
    mediator's time)."""

    month = models.DateField(unique=True)  # the first day of the month drafted
    drafted = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Statements for {self.month:%B %Y}: {self.drafted} drafted"
