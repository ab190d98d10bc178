"""Test data built through the same services the app uses."""

from __future__ import annotations

import itertools
import time

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import ROLES_BY_KIND, OrganisationKind, Role
from sendresolve.accounts.services import organisation_create, user_create

PASSWORD = "correct-horse-battery-42"
_numbers = itertools.count(1)

KIND_OF_ROLE = {role: kind for kind, roles in ROLES_BY_KIND.items() for role in roles}


def organisation(kind: str = OrganisationKind.LOCAL_AUTHORITY, name: str | None = None) -> Organisation:
    return organisation_create(acting_user=None, name=name or f"{kind} {next(_numbers)}", kind=kind)


def person(role: str = Role.CASE_OFFICER, organisation_: Organisation | None = None, *, totp: bool = False,
           email: str | None = None) -> User:
    """A user with one role; staff get the shared test password, and a TOTP authenticator if asked."""
    number = next(_numbers)
    family = role == Role.FAMILY_MEMBER
    if not family and organisation_ is None:
        organisation_ = organisation(KIND_OF_ROLE[role])
    user = user_create(
        acting_user=None, email=email or f"{role}.{number}@example.test", full_name=f"Test {role} {number}",
        password=None if family else PASSWORD, role=role, organisation=None if family else organisation_,
    )
    if role in (Role.CASE_OFFICER, Role.MEDIATOR):  # set-up: they act as adviser or mediator, so have declared
        from sendresolve.accounts.models import IndependenceDeclaration

        IndependenceDeclaration.objects.create(user=user, employed_by_public_body=False)
    if totp:
        give_totp(user)
    return user


def give_totp(user: User) -> User:
    """An authenticator app for a staff member, so tests can sign them in through the real pages."""
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now: the current 30-second step's (accepted through the next step too)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def mediation_case(*, local_authority: Organisation | None = None, sent_on=None, sections=("B", "F"),
                   decision_type: str = "refusal_to_assess",
                   contacted_on=None, family_email: str = "parent@example.test", other_parties=(),
                   acting_user: User | None = None, child_date_of_birth=None):
    """A mediation request as a case officer enters it."""
    from datetime import date, timedelta

    from django.utils import timezone

    from sendresolve.cases.services import DecisionDetails, IssueDetails, case_create

    today = timezone.localdate()
    sent_on = sent_on or today - timedelta(days=20)
    return case_create(
        acting_user=acting_user or person(Role.CASE_OFFICER),
        kind="mediation", local_authority=local_authority or organisation(OrganisationKind.LOCAL_AUTHORITY),
        child_name="Sam Collins", child_date_of_birth=child_date_of_birth or date(2016, 5, 4),
        rights_holder="parent", contacted_on=contacted_on or today, contact_method="phone",
        family_name="Sarah Collins", family_email=family_email,
        decision=DecisionDetails(decision_type, sent_on, sent_on),
        issues=[IssueDetails(section=s) for s in sections],
        other_parties=list(other_parties),
    )


def mediator(*, provider: Organisation | None = None, totp: bool = False, specialisms=(), exclusions=(),
             capacity: int = 6, email: str | None = None, name: str | None = None):
    """A mediator on the register. `exclusions`: (organisation, reason, details) tuples."""
    from sendresolve.mediators.models import Exclusion, MediatorProfile

    user = person(Role.MEDIATOR, provider, totp=totp, email=email)
    if name:
        user.full_name = name
        user.save(update_fields=["full_name"])
    profile = MediatorProfile.objects.create(user=user, specialisms=list(specialisms), capacity=capacity)
    for body, reason, details in exclusions:
        Exclusion.objects.create(mediator=profile, organisation=body, reason=reason, details=details)
    return profile


def arranging_case(*, officer: User | None = None, **case_fields):
    """A mediation case whose family asked to mediate today, being arranged."""
    from django.utils import timezone

    from sendresolve.cases import services

    officer = officer or person(Role.CASE_OFFICER)
    case = mediation_case(acting_user=officer, **case_fields)
    today = timezone.localdate()
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
    services.case_request_mediation(acting_user=officer, case=case, asked_on=today)
    return services.case_start_arranging(acting_user=officer, case=case, on=today)


def signed_in_with_mfa(client, user):
    """A test client signed in as `user` with the password and an authenticator, as the sign-in pages leave
    it (those pages have browser tests of their own; an authenticator code cannot be used twice)."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    from sendresolve.accounts.middleware import LAST_SEEN_KEY
    from sendresolve.accounts.selectors import user_access, user_has_mfa

    if user_access(user).is_staff_member and not user_has_mfa(user):
        give_totp(user)
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email}, {"method": "mfa", "at": now, "type": "totp"}]
    session[f"{AUTHENTICATION_METHODS_SESSION_KEY}_user"] = str(user.pk)  # allauth ties the records to the user
    session[LAST_SEEN_KEY] = now  # as the sign-in pages leave it: the idle clock starts at sign-in
    session.save()
    return client
