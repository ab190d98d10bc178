"""Demo organisations and one person per role, so a new user sees a living service."""

from __future__ import annotations

from django.db import transaction

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.services import organisation_create, user_create

DEMO_PASSWORD = "demo-SEND-resolve-2026"

ORGANISATIONS = [
    ("Resolve Mediation Partnership", OrganisationKind.PROVIDER, "", "cases@resolve-mediation.example"),
    ("Northshire County Council", OrganisationKind.LOCAL_AUTHORITY, "931", "sen@northshire.example"),
    ("Riverside Borough Council", OrganisationKind.LOCAL_AUTHORITY, "318", "send@riverside.example"),
    ("Eastvale City Council", OrganisationKind.LOCAL_AUTHORITY, "867", "ehc@eastvale.example"),
    ("Northshire and Riverside ICB", OrganisationKind.ICB, "QNR", "send@nr-icb.example"),
    ("Northshire Children's Social Care", OrganisationKind.SOCIAL_CARE, "", "csc@northshire.example"),
    ("Meadow Lane Primary School", OrganisationKind.SCHOOL, "", "senco@meadowlane.example"),
    ("Independent SEND Advocacy", OrganisationKind.ADVOCACY, "", "help@send-advocacy.example"),
]

# (e-mail, name, role, organisation name or None)
PEOPLE = [
    ("admin@demo.sendresolve.test", "Alex Morgan", Role.ADMINISTRATOR, "Resolve Mediation Partnership"),
    ("case.officer@demo.sendresolve.test", "Priya Shah", Role.CASE_OFFICER, "Resolve Mediation Partnership"),
    ("mediator@demo.sendresolve.test", "Tom Okafor", Role.MEDIATOR, "Resolve Mediation Partnership"),
    ("manager@demo.sendresolve.test", "Helen Brooks", Role.SERVICE_MANAGER, "Resolve Mediation Partnership"),
    ("la.officer@demo.sendresolve.test", "Gareth Evans", Role.LA_OFFICER, "Northshire County Council"),
    ("la.decision@demo.sendresolve.test", "Fiona Clarke", Role.LA_DECISION_MAKER, "Northshire County Council"),
    ("icb@demo.sendresolve.test", "Dr Samir Patel", Role.ICB_REPRESENTATIVE, "Northshire and Riverside ICB"),
    ("social.care@demo.sendresolve.test", "Joanne Wright", Role.SOCIAL_CARE_REPRESENTATIVE,
     "Northshire Children's Social Care"),
    ("school@demo.sendresolve.test", "Mark Hughes", Role.SCHOOL_REPRESENTATIVE, "Meadow Lane Primary School"),
    ("advocate@demo.sendresolve.test", "Ruth Adeyemi", Role.ADVOCATE, "Independent SEND Advocacy"),
    ("parent@demo.sendresolve.test", "Sarah Collins", Role.FAMILY_MEMBER, None),
]


def demo_is_needed() -> bool:
    return not User.objects.exists()


def demo_load() -> list[tuple[str, str, str]]:
    """Creates the demo data; returns (role, e-mail, how to sign in) per person."""
    with transaction.atomic():
        organisations = {
            name: organisation_create(acting_user=None, name=name, kind=kind, code=code, contact_email=email)
            for name, kind, code, email in ORGANISATIONS
        }
        sign_ins = []
        for email, name, role, organisation in PEOPLE:
            family = role == Role.FAMILY_MEMBER
            user_create(
                acting_user=None, email=email, full_name=name, role=role,
                password=None if family else DEMO_PASSWORD,
                organisation=organisations[organisation] if organisation else None,
            )
            how = "e-mailed sign-in code (printed in this terminal)" if family else f"password {DEMO_PASSWORD}"
            sign_ins.append((Role(role).label, email, how))
    return sign_ins
