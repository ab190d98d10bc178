"""Who a subject access export or an erasure is about, and who on the staff may ask for one.

A person the service holds data about is either an account (`u<id>`: a family member, an officer, a mediator) or
someone named on a case who has no account (`p<id>`: a family entered by phone before an account existed, a
supporter, the child): the participant row and every other one without an account that has the same e-mail
address. The key is what the pages carry, never a name or an address (those would end up in logs).

Subject access is for the provider's service managers and administrators; erasure and correction for its
administrators alone; both with a session that passed MFA (the staff MFA middleware already insists; the pages
check again, because `/privacy...` paths are open to it and a later change of prefix must not open these). Their
reach: every family and every person with no account (the provider sees every case), staff of the bodies the
provider serves, and staff of their own provider; not staff of another provider that shares the instance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sendresolve.accounts.mfa import session_passed_mfa
from sendresolve.accounts.models import User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.selectors import user_access
from sendresolve.cases.models import Participant

EXPORTING_ROLES = frozenset({Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
KEY_PATTERN = r"[up][1-9][0-9]{0,11}"
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Subject:
    """One person: their account, if they have one, and the address(es) and case rows that are theirs."""

    key: str
    name: str
    user: User | None
    email: str  # lower case; empty when the service has no address for them
    participant_id: int | None  # the row a `p` key names (the only one, when there is no address)

    def participant_filter(self) -> Q:
        """Their rows on cases: linked to the account, or with no account and their address."""
        mine = Q(user=self.user) if self.user is not None else Q(pk__in=[])
        if self.email:
            mine |= Q(user__isnull=True, email__iexact=self.email)
        elif self.participant_id is not None:
            mine |= Q(pk=self.participant_id)
        return mine

    @property
    def is_erased(self) -> bool:
        return self.user is not None and self.user.email.endswith(ERASED_DOMAIN)


# An anonymised or erased account's address (retention_other.ACCOUNT_ENTRIES): RFC 2606's reserved .invalid, so no
# message can ever go to it.
ERASED_DOMAIN = "@sendresolve.invalid"


@dataclass(frozen=True)
class SubjectLine:
    """A person as the search lists them."""

    key: str
    name: str
    email: str
    what: str


def _staff_decision(request, roles: frozenset[str]) -> None:
    user = request.user
    if not (user.is_authenticated and user_access(user).roles & roles and session_passed_mfa(request)):
        raise Http404("No such page")


def require_exporter(request) -> None:
    """A service manager or administrator whose session passed MFA; anyone else is told there is nothing here."""
    _staff_decision(request, EXPORTING_ROLES)


def require_administrator(request) -> None:
    _staff_decision(request, frozenset({Role.ADMINISTRATOR}))


def require_may_handle(acting_user: User, subject: Subject, *, roles: frozenset[str] = EXPORTING_ROLES) -> None:
    """The services' own check, whatever page or command calls them: the role, and the subject within reach."""
    if not (user_access(acting_user).roles & roles and within_reach(acting_user, subject)):
        raise PermissionDenied("Only the provider's service managers and administrators handle a person's data, "
                               "and only for the people the provider works for.")


def _provider_ids(user: User, roles: frozenset[str] | None = None) -> set[int]:
    return {m.organisation_id for m in user_access(user).memberships
            if m.organisation_id and m.organisation.kind == OrganisationKind.PROVIDER
            and (roles is None or m.role in roles)}


def within_reach(acting_user: User, subject: Subject) -> bool:
    """Whether the acting person's provider answers for this subject (see the module's docstring)."""
    if subject.user is None:
        return True
    theirs = _provider_ids(subject.user)
    return not theirs or bool(theirs & _provider_ids(acting_user, EXPORTING_ROLES))


def subject_for(acting_user: User, key: str) -> Subject:
    """The subject a key names, or 404 when there is none or it is outside the acting person's reach."""
    if not re.fullmatch(KEY_PATTERN, key):
        raise Http404("No such person")
    kind, number = key[0], int(key[1:])
    if kind == "u":
        user = User.objects.filter(pk=number).first()
        subject = Subject(key, user.full_name, user, user.email.lower(), None) if user else None
    else:
        row = Participant.objects.filter(pk=number, user__isnull=True).only("pk", "name", "email").first()
        subject = Subject(key, row.name, None, row.email.lower(), row.pk) if row else None
    if subject is None or not within_reach(acting_user, subject):
        raise Http404("No such person")
    return subject


def subject_search(query: str) -> list[SubjectLine]:
    """People whose name or e-mail address contains the words typed: accounts first, then people named on cases
    without an account (one line per address). At most `SEARCH_LIMIT` of each."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    users = (User.objects.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
             .prefetch_related("memberships__organisation").order_by("full_name", "pk")[:SEARCH_LIMIT])
    lines = [SubjectLine(f"u{user.pk}", user.full_name, user.email, _what(user)) for user in users]
    seen: set[str] = set()
    rows = (Participant.objects.filter(user__isnull=True).filter(Q(name__icontains=query) | Q(email__icontains=query))
            .order_by("name", "pk").values_list("pk", "name", "email", "role")[:SEARCH_LIMIT * 4])
    for pk, name, email, role in rows:
        if email and email.lower() in seen:
            continue
        seen.add(email.lower())
        lines.append(SubjectLine(f"p{pk}", name, email, f"No account; on a case as: "
                                                       f"{Participant.Role(role).label.lower()}"))
        if len(lines) >= SEARCH_LIMIT * 2:
            break
    return lines


def _what(user: User) -> str:
    roles = [str(m) for m in user.memberships.all()]  # prefetched
    return "; ".join(roles) or "No role"
