"""The e-mails about who mediates a case, through the outbox."""

from __future__ import annotations

from sendresolve.accounts.models import Organisation
from sendresolve.accounts.roles import OrganisationKind
from sendresolve.mediators.models import Allocation, Objection
from sendresolve.notifications.services import email_from_template


def provider_address() -> str:
    """The mediation service's own inbox, where case officers pick up what needs them."""
    provider = Organisation.objects.filter(kind=OrganisationKind.PROVIDER).exclude(contact_email="").first()
    return provider.contact_email if provider else ""


def mediator_allocated(allocation: Allocation) -> None:
    email_from_template(
        allocation.mediator.user.email,
        f"Case {allocation.case.reference}: please declare any conflict",
        "mediator_allocated",
        {"allocation": allocation, "case": allocation.case},
    )


def mediator_conflict(allocation: Allocation) -> None:
    email_from_template(
        provider_address(),
        f"Case {allocation.case.reference}: mediator to re-allocate",
        "mediator_conflict",
        {"allocation": allocation, "case": allocation.case},
    )


def objection_raised(objection: Objection) -> None:
    case = objection.allocation.case
    email_from_template(
        provider_address(),
        f"Case {case.reference}: objection to the mediator",
        "mediator_objection",
        {"objection": objection, "case": case},
    )

