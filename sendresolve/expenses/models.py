"""Families' expenses of attending mediation: each paying body's policy (effective-dated), the claims and their
lines, and the body's decision on each line.

The law: the Children and Families Act 2014 s.56(1)(g) lets regulations require "a local authority or commissioning
body to pay reasonable travel expenses and other expenses of a prescribed description, up to any prescribed limit".
The regulation made under it is in the mediation part of the SEND Regulations 2014 (SI 2014/1530, regs 32-42),
believed to be reg 40; its text (the categories and any limit) was not read, so each is a setting of the paying
body's policy with a cited default (`ExpensePolicy.regulation_cited`, docs/money.md "Families' expenses", ADR 22).
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from sendresolve.accounts.models import Organisation
from sendresolve.cases.models import Case, Participant
from sendresolve.core.money import money_field
from sendresolve.meetings.models import Meeting

# What the service cites until someone reads the regulation itself (legal review 2.11, money-and-reports A1 [U]).
REGULATION_CITED = ("Children and Families Act 2014 s.56(1)(g); the SEND Regulations 2014 (SI 2014/1530), "
                    "the mediation regulations (believed reg 40, not confirmed)")


class Category(models.TextChoices):
    """What a line is for. Legal representatives' fees are never a category (sen4you [S])."""

    MILEAGE = "mileage", "Travel by car (mileage)"
    PUBLIC_TRANSPORT = "public_transport", "Bus, train or tram fares"
    TAXI = "taxi", "Taxi (say why you needed one)"
    PARKING = "parking", "Parking and tolls"
    CHILDCARE = "childcare", "Childcare or replacement care while you attended"
    SUPPORTER_TRAVEL = "supporter_travel", "Your supporter's or interpreter's travel"
    LOSS_OF_EARNINGS = "loss_of_earnings", "Earnings you lost"
    MEALS = "meals", "Meals"
    OVERNIGHT = "overnight", "An overnight stay"
    ONLINE_COSTS = "online_costs", "Data or equipment to join an online meeting"


# On unless a paying body turns them off (money-and-reports A2); the others are off unless it turns them on.
DEFAULT_CATEGORIES = [Category.MILEAGE, Category.PUBLIC_TRANSPORT, Category.TAXI, Category.PARKING,
                      Category.CHILDCARE, Category.SUPPORTER_TRAVEL]
# Who may claim: the family's side only, never the LA, the ICB, a school or the provider's staff.
FAMILY_SIDE_ROLES = [Participant.Role.RIGHTS_HOLDER, Participant.Role.SECOND_PARENT, Participant.Role.SUPPORTER,
                     Participant.Role.CHILD]
CLAIMABLE_ROLES = frozenset(FAMILY_SIDE_ROLES) | {Participant.Role.OTHER}  # "other": witnesses, where a body says


class PaymentRoute(models.TextChoices):
    LA_PAYS_FAMILY = "la_pays_family", "The paying body pays the family and records the payment"
    PROVIDER_PAYS = "provider_pays_and_recharges", (
        "The mediation service pays the family and adds the approved amount to the body's next invoice")


def _default_categories() -> list[str]:
    return [str(category) for category in DEFAULT_CATEGORIES]


def _default_roles() -> list[str]:
    return [str(role) for role in FAMILY_SIDE_ROLES]


class ExpensePolicy(models.Model):
    """One version of a paying body's expenses policy, from `effective_from`. A change is a new version: a claim keeps
    the version it was started under, so a later change never touches it (money-and-reports A2)."""

    paying_body = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="expense_policies")
    effective_from = models.DateField()
    covers_dr = models.BooleanField(
        "families may claim for disagreement resolution meetings too", default=False,
        help_text="The duty is for mediation; DR expenses are the local authority's choice (Leicester pays them).")
    eligible_roles = models.JSONField(default=_default_roles)
    categories = models.JSONField(default=_default_categories)
    mileage_rate = money_field(default=Decimal("0.45"),
                               help_text="Pounds per mile. Default 45p (an LA's rate for parents' mileage, Sutton).")
    claim_cap = money_field(null=True, blank=True, help_text="Most that one claim can be paid; blank for none.")
    claim_window_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days after the meeting (or the cancelled meeting's date) to claim. Policy, not law.")
    decision_working_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days the paying body aims to decide a claim in.")
    payment_route = models.CharField(max_length=40, choices=PaymentRoute.choices, default=PaymentRoute.LA_PAYS_FAMILY)
    cancellation_covers_costs = models.BooleanField(
        "costs of a meeting the LA or ICB cancelled can be claimed", default=True)
    regulation_cited = models.CharField(max_length=300, default=REGULATION_CITED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paying_body", "-effective_from"]
        verbose_name_plural = "expense policies"
        constraints = [models.UniqueConstraint(fields=["paying_body", "effective_from"],
                                               name="expense_policy_once_a_day")]

    def __str__(self) -> str:
        return f"Expenses policy of {self.paying_body} from {self.effective_from:%-d %B %Y}"


class ExpenseCap(models.Model):
    """The most a claim may be paid for one category under a policy version (say, childcare £60)."""

    policy = models.ForeignKey(ExpensePolicy, on_delete=models.CASCADE, related_name="caps")
    category = models.CharField(max_length=30, choices=Category.choices)
    per_claim = money_field()

    class Meta:
        ordering = ["category"]
        constraints = [models.UniqueConstraint(fields=["policy", "category"], name="expense_cap_once")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: at most {self.per_claim}"


def new_claim_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # read out on the phone: no 0/O or 1/I
    return "EX-" + "".join(secrets.choice(alphabet) for _ in range(8))


class ExpenseClaim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Not sent yet"
        SUBMITTED = "submitted", "Waiting for a decision"
        DECIDED = "decided", "Decided"
        REVIEW_REQUESTED = "review_requested", "Review asked for"
        REVIEWED = "reviewed", "Reviewed"
        PAID = "paid", "Paid"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reference = models.CharField(max_length=20, unique=True, default=new_claim_reference)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="expense_claims")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="expense_claims")
    meeting_day = models.DateField()  # the meeting's (or cancelled meeting's) date: the claim window runs from it
    claimant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="expense_claims")
    paying_body = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="expense_claims")
    policy = models.ForeignKey(ExpensePolicy, on_delete=models.PROTECT, related_name="claims")
    payment_route = models.CharField(max_length=40, choices=PaymentRoute.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    declaration = models.TextField(blank=True)  # the words the claimant confirmed, as shown to them
    typed_name = models.CharField(max_length=200, blank=True)
    total_claimed = money_field(default=Decimal("0.00"))
    total_approved = money_field(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)
    review_requested_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=100, blank=True)
    paid_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open claim per claimant per meeting: a second is a line on the first.
            models.UniqueConstraint(fields=["claimant", "meeting"], condition=~Q(status="withdrawn"),
                                    name="expense_claim_one_open_per_meeting"),
        ]
        indexes = [
            models.Index(fields=["paying_body", "status", "submitted_at"], name="expense_claim_body_waiting"),
            models.Index(fields=["case", "-created_at"], name="expense_claim_case"),
        ]

    def __str__(self) -> str:
        return f"Expense claim {self.reference}"


def _receipt_path(instance, filename: str) -> str:
    # Never the family's file name on disk: a random name under a folder nothing serves directly.
    return f"receipts/{secrets.token_urlsafe(18)}"


class ExpenseLine(models.Model):
    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        PART_APPROVED = "part_approved", "Partly approved"
        REFUSED = "refused", "Refused"

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=30, choices=Category.choices)
    incurred_on = models.DateField()
    description = models.CharField(max_length=300)
    # Mileage: place names, never addresses; miles to one decimal; the amount is miles x the policy's rate.
    from_place = models.CharField(max_length=100, blank=True)
    to_place = models.CharField(max_length=100, blank=True)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    why_needed = models.CharField(max_length=300, blank=True)  # a taxi: why no other way would do
    amount = money_field()
    receipt = models.FileField(upload_to=_receipt_path, blank=True)
    receipt_name = models.CharField(max_length=200, blank=True)
    receipt_type = models.CharField(max_length=50, blank=True)
    receipt_size = models.PositiveIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    approved_amount = money_field(null=True, blank=True)
    decision_reason = models.TextField(blank=True)  # required unless approved in full
    decided_on = models.DateField(null=True, blank=True)
    # On the paying body's invoice (provider_pays_and_recharges): its number, set by `expenses_mark_invoiced`.
    invoice_number = models.CharField(max_length=40, blank=True)
    invoiced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["incurred_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_line_amount_positive"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (Q(approved_amount__gte=0) & Q(approved_amount__lte=models.F("amount"))),
                name="expense_line_approved_within_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} on {self.incurred_on:%-d %B %Y}"
