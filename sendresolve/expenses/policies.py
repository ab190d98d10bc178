"""Who pays a case's expenses and under which version of its policy, and what a family is told it can claim.

The paying body is the body that arranges the mediation (Children and Families Act 2014 s.56(1)(g): "a local
authority or commissioning body"): the LA, or the ICB where only health is in dispute (reg 35 [S], legal review L4).
A body that has recorded no policy gets the defaults of money-and-reports A2, written down as its first version the
first time a claim needs one, so every claim points at the version it was made under.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sendresolve.accounts.models import Organisation
from sendresolve.accounts.roles import OrganisationKind
from sendresolve.audit.services import audit_record
from sendresolve.cases.choices import CaseKind, PlanSection
from sendresolve.cases.models import Case
from sendresolve.core.money import pence, pounds
from sendresolve.expenses.models import Category, ExpenseCap, ExpensePolicy

# The first version of a body with no policy of its own runs from the start of the expenses duty (the SEND
# Regulations 2014 came into force on 1 September 2014).
DEFAULTS_FROM = date(2014, 9, 1)


def paying_body_of(case: Case) -> Organisation:
    """The LA, or for health-only mediation the ICB taking part (else the ICB for the LA's area)."""
    if case.kind == CaseKind.MEDIATION:
        areas = {PlanSection.area(issue.section) for issue in case.issues.all() if issue.section}
        if areas == {"health"}:
            icb = next((party.organisation for party in case.parties.all()  # prefetched by the case page
                        if party.organisation.kind == OrganisationKind.ICB), None)
            icb = icb or case.local_authority.icb
            if icb is not None:
                return icb
    return case.local_authority


def policy_for(paying_body: Organisation, on: date, *, write_defaults: bool = False) -> ExpensePolicy:
    """The version of the body's policy in force on `on`. A body with none has the defaults: unsaved when only read
    (a page showing them writes nothing), written down once when a claim is to point at them."""
    policy = (ExpensePolicy.objects.filter(paying_body=paying_body, effective_from__lte=on)
              .order_by("-effective_from").first())
    if policy is not None:
        return policy
    if ExpensePolicy.objects.filter(paying_body=paying_body).exists():
        raise ValidationError(f"{paying_body} has no expenses policy for {on:%-d %B %Y}: its first one starts later.")
    if not write_defaults:
        return ExpensePolicy(paying_body=paying_body, effective_from=DEFAULTS_FROM)
    try:
        with transaction.atomic():
            return ExpensePolicy.objects.create(paying_body=paying_body, effective_from=DEFAULTS_FROM)
    except IntegrityError:  # another request wrote the defaults first
        return ExpensePolicy.objects.get(paying_body=paying_body, effective_from=DEFAULTS_FROM)


def caps_of(policy: ExpensePolicy) -> dict[str, Decimal]:
    if policy.pk is None:  # the defaults, not yet written down: no caps
        return {}
    return {cap.category: cap.per_claim for cap in policy.caps.all()}


def expense_policy_set(*, acting_user, paying_body: Organisation, effective_from: date,
                       caps: dict[str, Decimal] | None = None, **settings) -> ExpensePolicy:
    """A new version of a paying body's policy from `effective_from`. Claims already started keep the version they
    were started under: a change never touches them. A version that claims use cannot be replaced."""
    categories = settings.get("categories")
    if categories is not None and not set(categories) <= set(Category.values):
        raise ValidationError("Unknown expense category: " + ", ".join(sorted(set(categories) - set(Category.values))))
    if settings.get("mileage_rate") is not None and pence(settings["mileage_rate"]) <= 0:
        raise ValidationError("The mileage rate must be more than nothing.")
    with transaction.atomic():
        existing = ExpensePolicy.objects.select_for_update().filter(paying_body=paying_body,
                                                                    effective_from=effective_from).first()
        if existing is not None:
            if existing.claims.exists():
                raise ValidationError("Claims were made under the version from this date: start a new version "
                                      "from a later date instead.")
            existing.delete()
        policy = ExpensePolicy.objects.create(paying_body=paying_body, effective_from=effective_from,
                                              created_by=acting_user, **settings)
        for category, amount in (caps or {}).items():
            ExpenseCap.objects.create(policy=policy, category=category, per_claim=pence(amount))
        audit_record(actor=acting_user, action="create", target=policy, summary=str(policy))
    return policy


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_PLAIN = {
    Category.MILEAGE: "car mileage at {rate} a mile",
    Category.PUBLIC_TRANSPORT: "bus, train or tram fares",
    Category.TAXI: "a taxi if you had no other way to come",
    Category.PARKING: "parking and tolls",
    Category.CHILDCARE: "childcare or replacement care while you attend",
    Category.SUPPORTER_TRAVEL: "your supporter's or interpreter's travel",
    Category.LOSS_OF_EARNINGS: "earnings you lose",
    Category.MEALS: "meals",
    Category.OVERNIGHT: "an overnight stay",
    Category.ONLINE_COSTS: "data or equipment to join an online meeting",
}


def what_can_be_claimed(policy: ExpensePolicy, *, kind: str = CaseKind.MEDIATION) -> str:
    """The one sentence a family reads before the meeting: who pays, for what, the caps and the deadline. Empty
    where nothing can be claimed (a DR meeting the body's policy does not cover)."""
    if kind == CaseKind.DR and not policy.covers_dr:
        return ""
    items = [_PLAIN[Category(c)].format(rate=pounds(policy.mileage_rate)) for c in Category.values
             if c in policy.categories]
    if not items:
        return ""
    caps = caps_of(policy)
    limits = [f"{pounds(amount)} for {Category(category).label.split(' (')[0].lower()}"
              for category, amount in sorted(caps.items())]
    if policy.claim_cap is not None:
        limits.append(f"{pounds(policy.claim_cap)} in all")
    limit_text = f" (at most {_joined(limits)})" if limits else ""
    return (f"{policy.paying_body} pays reasonable travel and other costs of coming to the meeting: "
            f"{_joined(items)}{limit_text}. Claim on your case page within {policy.claim_window_days} days of the "
            f"meeting, with your receipts. Legal representatives' fees cannot be claimed.")
