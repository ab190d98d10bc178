"""Who may see and act on contracts and invoices.

- The provider's case officers and service managers review drafts, adjust and add lines, draft on demand and issue;
  service managers alone reverse an issued invoice with a credit note. Its administrators may read them.
  Each sees only their own provider's invoices (a provider sharing the instance sees none of another's).
- A local authority's officers and decision-makers, and an ICB's representatives, see the issued invoices and credit
  notes to their own body, never a draft and never another body's.
- Everyone else (mediators, families, schools, advocates, social care) sees none: the pages answer 404.
Every page also needs a session that passed MFA (the staff middleware insists; `_staff` checks again).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sendresolve.accounts.mfa import session_passed_mfa
from sendresolve.accounts.models import User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.selectors import user_access
from sendresolve.billing.choices import InvoiceStatus
from sendresolve.billing.models import Invoice

ISSUING_ROLES = frozenset({Role.CASE_OFFICER, Role.SERVICE_MANAGER})
CREDITING_ROLES = frozenset({Role.SERVICE_MANAGER})
PROVIDER_READERS = ISSUING_ROLES | {Role.ADMINISTRATOR}
COMMISSIONER_READERS = frozenset({Role.LA_OFFICER, Role.LA_DECISION_MAKER, Role.ICB_REPRESENTATIVE})


def provider_ids(user: User, roles: frozenset[str] = PROVIDER_READERS) -> set[int]:
    return {m.organisation_id for m in user_access(user).memberships
            if m.role in roles and m.organisation_id and m.organisation.kind == OrganisationKind.PROVIDER}


def commissioner_ids(user: User) -> set[int]:
    return {m.organisation_id for m in user_access(user).memberships
            if m.role in COMMISSIONER_READERS and m.organisation_id}


def invoices_visible_to(user: User) -> QuerySet[Invoice]:
    """The invoices and credit notes this user may read: their provider's (drafts too), their body's issued ones."""
    if not user.is_authenticated:
        return Invoice.objects.none()
    seen = Q(pk__in=[])
    providers, bodies = provider_ids(user), commissioner_ids(user)
    if providers:
        seen |= Q(provider_id__in=providers)
    if bodies:
        seen |= Q(commissioner_id__in=bodies, status=InvoiceStatus.ISSUED)
    return Invoice.objects.filter(seen)


def may_read_invoices(user: User) -> bool:
    return bool(provider_ids(user) or commissioner_ids(user))


def require_reader(request) -> None:
    """Someone who reads invoices at all, in a session that passed MFA; anyone else finds no page here."""
    user = request.user
    if not (user.is_authenticated and may_read_invoices(user) and session_passed_mfa(request)):
        raise Http404("No such page")


def invoice_for(user: User, pk: int) -> Invoice:
    """The invoice, or 404 when there is none or this user may not see it (the two look the same)."""
    invoice = invoices_visible_to(user).filter(pk=pk).select_related("contract", "commissioner", "credits").first()
    if invoice is None:
        raise Http404("No such invoice")
    return invoice


def is_provider_reader(user: User, invoice: Invoice) -> bool:
    return invoice.provider_id in provider_ids(user)


def may_issue(user: User, invoice: Invoice) -> bool:
    return invoice.provider_id in provider_ids(user, ISSUING_ROLES)


def may_credit(user: User, invoice: Invoice) -> bool:
    return invoice.provider_id in provider_ids(user, CREDITING_ROLES)


def require_issuer(user: User, invoice: Invoice) -> None:
    if not may_issue(user, invoice):
        raise PermissionDenied("Only the mediation service's case officers and service managers can change or issue "
                               "its invoices.")


def require_crediter(user: User, invoice: Invoice) -> None:
    if not may_credit(user, invoice):
        raise PermissionDenied("Only the mediation service's service managers can reverse an issued invoice.")
