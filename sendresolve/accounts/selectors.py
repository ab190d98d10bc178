"""Reads about people and what they may do."""

from __future__ import annotations

from dataclasses import dataclass

from sendresolve.accounts.models import Membership, User
from sendresolve.accounts.roles import FAMILY_ROLES, Role


@dataclass(frozen=True)
class Access:
    """What a signed-in user is, computed once per request from their memberships."""

    memberships: tuple[Membership, ...]

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    @property
    def is_staff_member(self) -> bool:
        """Anyone acting for an organisation: they must use MFA."""
        return any(m.role not in FAMILY_ROLES for m in self.memberships)

    @property
    def is_family(self) -> bool:
        return Role.FAMILY_MEMBER in self.roles

    @property
    def is_administrator(self) -> bool:
        return Role.ADMINISTRATOR in self.roles

    def organisations_for(self, *roles: str) -> list:
        return [m.organisation for m in self.memberships if m.role in roles and m.organisation_id]


def user_access(user: User) -> Access:
    if not user.is_authenticated:
        return Access(memberships=())
    cached = getattr(user, "_sendresolve_access", None)
    if cached is None:
        cached = Access(memberships=tuple(Membership.objects.filter(user=user).select_related("organisation")))
        user._sendresolve_access = cached
    return cached


def account_for_address(email: str) -> User | None:
    """The account of whoever holds this mailbox: the one place a person typed on a case is matched to an
    account. Only an address the service stands behind counts (an `EmailAddress` marked verified: typed by the
    staff who made the account, or proved by a code sent to it), never a bare `User.email`."""
    from allauth.account.models import EmailAddress

    address = (EmailAddress.objects.filter(email__iexact=email.strip(), verified=True, primary=True)
               .select_related("user").first())
    return address.user if address is not None and address.user.email.lower() == address.email.lower() else None


def user_has_mfa(user: User) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


INDEPENDENCE_QUESTION = "Are you employed by a local authority in England, an integrated care board or NHS England?"


def independence_problem(user: User) -> str | None:
    """Why this person may not act as mediation adviser, mediator or DR facilitator, or None when they may
    (`ADVISER_INDEPENDENCE_DECLARATION = "required"`, the default)."""
    from django.conf import settings

    from sendresolve.accounts.models import IndependenceDeclaration

    if settings.ADVISER_INDEPENDENCE_DECLARATION != "required":
        return None
    declaration = IndependenceDeclaration.objects.filter(user=user).first()
    if declaration is None:
        return (f"{user} has not declared whether they are employed by a local authority, an ICB or NHS England: "
                "they must before acting as mediation adviser, mediator or facilitator.")
    if declaration.employed_by_public_body:
        return (f"{user} is employed by {declaration.details or 'a local authority, an ICB or NHS England'}, so is "
                "not independent (Children and Families Act 2014, section 56(3)).")
    return None
