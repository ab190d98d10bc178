"""Writes about organisations and people. Each is one transaction with its audit record."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction

from sendresolve.accounts.models import Membership, Organisation, User
from sendresolve.accounts.roles import FAMILY_ROLES, ROLES_BY_KIND, Role
from sendresolve.audit.services import audit_record


def organisation_create(*, acting_user: User | None, name: str, kind: str, code: str = "",
                        contact_email: str = "") -> Organisation:
    with transaction.atomic():
        organisation = Organisation(name=name.strip(), kind=kind, code=code.strip(), contact_email=contact_email)
        organisation.full_clean()
        organisation.save()
        audit_record(actor=acting_user, action="create", target=organisation, summary=f"Added {organisation}")
    return organisation


def membership_add(*, acting_user: User | None, user: User, role: str, organisation: Organisation | None) -> Membership:
    """Gives a user a role. The role must suit the organisation's kind; a family member has none."""
    if role in FAMILY_ROLES:
        if organisation is not None:
            raise ValidationError("A family member does not belong to an organisation.")
    elif organisation is None or role not in ROLES_BY_KIND.get(organisation.kind, ()):
        where = organisation.get_kind_display().lower() if organisation else "no organisation"
        raise ValidationError(f"The role {Role(role).label} cannot be held at {where}.")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        if created:
            audit_record(actor=acting_user, action="create", target=user, summary=f"Added role: {membership}")
    return membership


def user_create(*, acting_user: User | None, email: str, full_name: str, password: str | None = None,
                role: str, organisation: Organisation | None = None) -> User:
    """A person with their first role. Families get no password: they sign in by e-mailed code."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name.strip())
        account_address_own(user=user)
        if role == Role.ADMINISTRATOR:
            user.is_staff = True
            user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(actor=acting_user, action="create", target=user, summary="Added user")
        membership_add(acting_user=acting_user, user=user, role=role, organisation=organisation)
    return user


def account_address_own(*, user: User) -> None:
    """The account's address, as the service knows it: typed by staff who made the account, or proved by a code
    sent to it. Nobody changes their own (allauth's e-mail page is closed); only an administrator does, audited."""
    EmailAddress.objects.update_or_create(user=user, email=user.email,
                                          defaults={"primary": True, "verified": True})


def family_account(*, email: str, full_name: str) -> tuple[User | None, bool]:
    """The account of whoever holds this address, made if new, so they can sign in by e-mailed code; and whether
    it was made now. A staff address is never turned into a family one: (None, False) then.

    An existing account is found only by an address the service stands behind (see `account_for_address`),
    never by whatever an account holder typed about themselves."""
    from sendresolve.accounts.selectors import account_for_address

    email = email.strip().lower()
    with transaction.atomic():
        user, created = account_for_address(email), False
        if user is None:
            if User.objects.filter(email=email).exists():
                return None, False  # an address someone claimed but the service does not stand behind
            user, created = User.objects.create_user(email=email, full_name=full_name.strip()), True
            account_address_own(user=user)
            audit_record(actor=None, action="create", target=user, summary="Added family member")
        if user.memberships.exclude(role=Role.FAMILY_MEMBER).exists():
            return None, False
        membership_add(acting_user=None, user=user, role=Role.FAMILY_MEMBER, organisation=None)
    return user, created


def user_change_email(*, acting_user: User, user: User, email: str, request=None) -> User:
    """An administrator corrects a person's address. The new one is the address the service stands behind; the
    old one stops opening the account at once."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        old = user.email
        if old == email:
            return user
        if User.objects.filter(email=email).exclude(pk=user.pk).exists():
            raise ValidationError("Another account already uses that e-mail address.")
        user.email = email
        user.save(update_fields=["email"])
        EmailAddress.objects.filter(user=user).delete()
        account_address_own(user=user)
        audit_record(actor=acting_user, action="update", target=user, request=request,
                     summary=f"Changed e-mail address from {old} to {email}")
    return user


def independence_declare(*, acting_user: User, employed_by_public_body: bool, details: str = "") -> None:
    """The acting person's own declaration of independence (see IndependenceDeclaration)."""
    from sendresolve.accounts.models import IndependenceDeclaration

    details = details.strip()
    if employed_by_public_body and not details:
        raise ValidationError("Say which body employs you.")
    with transaction.atomic():
        IndependenceDeclaration.objects.update_or_create(
            user=acting_user, defaults={"employed_by_public_body": employed_by_public_body, "details": details})
        audit_record(actor=acting_user, action="update", target=acting_user,
                     summary="Declared employed by a public body" if employed_by_public_body
                     else "Declared not employed by any LA, ICB or NHS England")
