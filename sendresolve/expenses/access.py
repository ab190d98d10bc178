"""Who may see and act on an expense claim: the claimant, the paying body's officers, and the provider's staff.
Nobody else: not a mediator, not another body on the case, not another LA (money-and-reports A5)."""

from __future__ import annotations

from django.db.models import Q

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.selectors import user_access
from sendresolve.cases.transitions import CASE_WORKERS
from sendresolve.expenses.models import ExpenseClaim, PaymentRoute

LA_ROLES = frozenset({Role.LA_OFFICER, Role.LA_DECISION_MAKER})
ICB_ROLES = frozenset({Role.ICB_REPRESENTATIVE})


def paying_bodies_of(user: User) -> set[int]:
    """The LAs and ICBs this user decides expense claims for."""
    access = user_access(user)
    return ({org.pk for org in access.organisations_for(*LA_ROLES) if org.kind == OrganisationKind.LOCAL_AUTHORITY}
            | {org.pk for org in access.organisations_for(*ICB_ROLES) if org.kind == OrganisationKind.ICB})


def acts_for_paying_body(user: User, paying_body: Organisation | int) -> bool:
    body_id = paying_body if isinstance(paying_body, int) else paying_body.pk
    return user.is_authenticated and body_id in paying_bodies_of(user)


def is_case_worker(user: User) -> bool:
    return user.is_authenticated and bool(user_access(user).roles & CASE_WORKERS)


def is_claimant(user: User, claim: ExpenseClaim) -> bool:
    return user.is_authenticated and claim.claimant.user_id == user.pk


def may_see_claim(user: User, claim: ExpenseClaim) -> bool:
    """The body sees a claim once it is sent, never a draft."""
    return is_claimant(user, claim) or is_case_worker(user) or (
        claim.status != ExpenseClaim.Status.DRAFT and acts_for_paying_body(user, claim.paying_body_id))


def claims_seen_by(user: User) -> Q | None:
    """A filter on claims for what this user sees (None: every claim, for the provider's staff)."""
    if is_case_worker(user):
        return None
    return Q(claimant__user_id=user.pk) | (Q(paying_body_id__in=paying_bodies_of(user))
                                           & ~Q(status=ExpenseClaim.Status.DRAFT))


def may_record_payment(user: User, claim: ExpenseClaim) -> bool:
    """Whoever pays the family records it: the paying body, or the mediation service that recharges it."""
    if claim.payment_route == PaymentRoute.LA_PAYS_FAMILY:
        return acts_for_paying_body(user, claim.paying_body_id)
    return is_case_worker(user)
