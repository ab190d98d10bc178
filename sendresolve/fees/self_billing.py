"""The mediator's self-billing agreement: their written consent that the provider draws up their invoices (the
monthly statements), for a set period, with the address and VAT registration number the invoices carry. HMRC's
Notice 700/62 asks for one with each supplier before self-billing (section 3); its model agreement's undertakings
are the words the mediator is shown and agrees to here."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import Membership, User
from sendresolve.accounts.roles import Role
from sendresolve.audit.services import audit_record
from sendresolve.clock.months import last_day_of_months
from sendresolve.core.text import plain_text
from sendresolve.fees.drafting import locked_mediator, statement_write, vat_rate_for
from sendresolve.fees.models import SelfBillingAgreement, Statement
from sendresolve.mediators.models import MediatorProfile

AGREEMENT_TEXT = (
    "{provider} will draw up and issue my invoices for the mediation work I do for it, as monthly statements that I "
    "check and accept, from {starts} to {ends}. Each will show my name, address and, if I am registered for VAT, my "
    "VAT registration number, with everything a full VAT invoice shows. {provider} will make a new agreement with "
    "me if my VAT registration number changes, and will tell me if someone else draws up the invoices for it.\n"
    "I agree to accept the invoices {provider} draws up for me in that time, and not to issue my own invoices for "
    "the same work. I will tell {provider} at once if I change my VAT registration number, stop being registered "
    "for VAT, or sell my business or part of it.")
VAT_NUMBER = re.compile(r"^GB(\d{9}|\d{12})$")


def provider_name_of(mediator: MediatorProfile) -> str:
    """The provider the mediator works for: the organisation of their mediator role."""
    membership = (Membership.objects.filter(user=mediator.user, role=Role.MEDIATOR, organisation__isnull=False)
                  .select_related("organisation").order_by("pk").first())
    return membership.organisation.name if membership is not None else settings.SERVICE_NAME


def agreement_words(mediator: MediatorProfile, starts, ends) -> str:
    return AGREEMENT_TEXT.format(provider=provider_name_of(mediator), starts=f"{starts:%-d %B %Y}",
                                 ends=f"{ends:%-d %B %Y}")


def agreement_period(starts: date) -> tuple[date, date]:
    """An agreement made on `starts` runs SELF_BILLING_AGREEMENT_MONTHS from that day."""
    return starts, last_day_of_months(starts, settings.SELF_BILLING_AGREEMENT_MONTHS)


def normalised_vat_number(value: str) -> str:
    """'GB 123 4567 89' -> 'GB123456789'; empty stays empty; anything else is an error that says what is expected."""
    number = re.sub(r"[\s-]", "", value or "").upper()
    if number and not number.startswith("GB"):
        number = f"GB{number}"
    if number and not VAT_NUMBER.match(number):
        raise ValidationError("Enter a UK VAT registration number: GB and 9 digits (or 12 for a branch), for example "
                              "GB 123 4567 89. Leave it empty if you are not registered for VAT.")
    return number


def self_billing_agree(*, acting_user: User, confirmed: bool, typed_name: str, address: str,
                       vat_number: str = "") -> SelfBillingAgreement:
    """The mediator agrees to self-billing from today for SELF_BILLING_AGREEMENT_MONTHS. A later agreement (a new
    address or VAT number) takes over from the day it is made. Their open statements take its VAT status."""
    profile = MediatorProfile.objects.filter(user=acting_user).first() if acting_user.is_authenticated else None
    if profile is None:
        raise PermissionDenied("Only mediators on the register agree to self-billing.")
    typed_name, address = plain_text(typed_name or "").strip(), plain_text(address or "").strip()
    if not confirmed:
        raise ValidationError("Tick the box to agree to self-billing.")
    if not typed_name:
        raise ValidationError("Type your full name to sign the agreement.")
    if not address:
        raise ValidationError("Enter your business address: every invoice shows it.")
    if len(address) > 500 or len(typed_name) > 200:
        raise ValidationError("Keep your name to 200 characters and your address to 500.")
    vat_number = normalised_vat_number(vat_number)
    with transaction.atomic():
        profile = locked_mediator(profile)
        today, ends = agreement_period(timezone.localdate())
        agreement = SelfBillingAgreement.objects.create(
            mediator=profile, starts_on=today, ends_on=ends, statement=agreement_words(profile, today, ends),
            typed_name=typed_name, address=address, vat_number=vat_number, agreed_by=acting_user)
        audit_record(actor=acting_user, action="create", target=agreement,
                     summary="Agreed to self-billing" + (f", VAT number {vat_number}" if vat_number else ""))
        now = timezone.now()
        rate = vat_rate_for(profile, today)
        for statement in (Statement.objects.filter(mediator=profile).exclude(status=Statement.Status.ACCEPTED)
                          .exclude(vat_rate=rate).select_related("mediator")):
            statement_write(statement, now=now)
    return agreement
