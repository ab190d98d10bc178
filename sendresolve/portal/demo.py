"""Demo organisations and one person per role, so a new user sees a living service."""

from __future__ import annotations

from django.db import transaction

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.services import independence_declare, organisation_create, user_create
from sendresolve.billing.demo import demo_billing
from sendresolve.fees.demo import demo_mediator_fees

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
            user = user_create(
                acting_user=None, email=email, full_name=name, role=role,
                password=None if family else DEMO_PASSWORD,
                organisation=organisations[organisation] if organisation else None,
            )
            if role in (Role.CASE_OFFICER, Role.MEDIATOR):  # they act as adviser and mediator: independent
                independence_declare(acting_user=user, employed_by_public_body=False)
            how = "e-mailed sign-in code (printed in this terminal)" if family else f"password {DEMO_PASSWORD}"
            sign_ins.append((Role(role).label, email, how))
        demo_cases(organisations)
        from sendresolve.portal.demo_meetings import demo_mediators_and_meetings

        demo_mediators_and_meetings(organisations, DEMO_PASSWORD)
        from sendresolve.expenses.demo import demo_expenses

        demo_expenses(organisations, DEMO_PASSWORD)  # a month of families' expenses for each LA
        demo_billing(organisations)  # a month of money for each LA (sendresolve/billing/demo.py)
        demo_mediator_fees()  # a month of the demo mediator's time and its statement (sendresolve/fees/demo.py)
        _forget_demo_mail()
    return sign_ins


def _forget_demo_mail() -> None:
    """The demo's story sends many e-mails to made-up addresses; printing them all (PDFs included) in the
    terminal would bury the one a new user needs, their sign-in code."""
    from django_tasks_db.models import DBTaskResult

    from sendresolve.notifications.models import OutboundEmail
    from sendresolve.notifications.tasks import deliver_email

    OutboundEmail.objects.all().delete()
    DBTaskResult.objects.filter(task_path=deliver_email.module_path).delete()


def demo_cases(organisations: dict) -> None:
    """Cases in every state across three LAs, built through the same services staff use."""
    from datetime import date, timedelta

    from django.utils import timezone

    from sendresolve.cases import services
    from sendresolve.cases.models import Case, Participant
    from sendresolve.cases.services import DecisionDetails, IssueDetails
    from sendresolve.cases.states import State
    from sendresolve.meetings.models import ChildViewsSteps

    today = timezone.localdate()
    officer = User.objects.get(email="case.officer@demo.sendresolve.test")
    parent = User.objects.get(email="parent@demo.sendresolve.test")
    icb = organisations["Northshire and Riverside ICB"]
    la = {name.split()[0]: organisations[name] for name in
          ("Northshire County Council", "Riverside Borough Council", "Eastvale City Council")}
    for area in ("Northshire", "Riverside"):  # the ICB for their area, told of mediations about health
        Organisation.objects.filter(pk=la[area].pk).update(icb=icb)
        la[area].icb = icb

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def mediation(authority, child, family, sent_days, contacted_days, sections=("B", "F"), parties=(),
                  decision="plan_contents", **more):
        return services.case_create(
            acting_user=officer, kind="mediation", local_authority=la[authority], child_name=child,
            child_date_of_birth=date(2014, 3, 2) + timedelta(days=len(child) * 97), rights_holder="parent",
            contacted_on=ago(contacted_days), contact_method="phone", family_name=family,
            family_email=f"{family.split()[0].lower()}@family.example", decision=DecisionDetails(
                decision, ago(sent_days), ago(sent_days)),
            issues=[IssueDetails(section=s) for s in sections],
            other_parties=list(parties), **more,
        )

    def advised(case, days):
        return services.case_give_adviser_information(acting_user=officer, case=case, given_on=ago(days),
                                                      method="phone", notes="Explained mediation and certificates.")

    mediation("Northshire", "Oliver Grant", "Emma Grant", 9, 0)  # just rung in
    case = advised(mediation("Northshire", "Amira Hassan", "Layla Hassan", 20, 2), 2)
    services.case_request_certificate(acting_user=officer, case=case, informed_on=ago(1))
    case = mediation("Northshire", "Sam Collins", "Sarah Collins", 25, 12, sections=("F", "G"), parties=[icb],
                     health_provision_wanted="Speech and language therapy, weekly, delivered in school")
    Participant.objects.filter(case=case, role="rights_holder").update(user=parent, email=parent.email)
    services.case_request_mediation(acting_user=officer, case=advised(case, 11), asked_on=ago(10))
    case = advised(mediation("Northshire", "Ella Hughes", "Rachel Hughes", 18, 8), 8)
    services.case_request_mediation(acting_user=officer, case=case, asked_on=ago(7))
    case = advised(mediation("Northshire", "Leah Turner", "Kate Turner", 40, 30), 30)
    services.case_request_mediation(acting_user=officer, case=case, asked_on=ago(28))
    case = advised(mediation("Riverside", "Zoe Baker", "Amy Baker", 12, 4), 4)
    services.case_request_mediation(acting_user=officer, case=case, asked_on=ago(3))
    case = advised(mediation("Riverside", "Noah Williams", "Chloe Williams", 50, 40), 39)
    services.case_request_mediation(acting_user=officer, case=case, asked_on=ago(35))
    services.case_start_arranging(acting_user=officer, case=case, on=ago(30))
    case = advised(mediation("Riverside", "Isla Thompson", "Grace Thompson", 40, 25), 24)
    services.case_request_certificate(acting_user=officer, case=case, informed_on=ago(23))
    services.certificate_issue(acting_user=officer, case=case, issued_on=ago(21))
    case = advised(mediation("Eastvale", "Leo Martin", "Ruby Martin", 30, 20), 19)
    services.case_request_mediation(acting_user=officer, case=case, asked_on=ago(18))
    services.case_withdraw(acting_user=officer, case=case, informed_on=ago(2), reason="Agreed with the school")
    case = advised(mediation("Eastvale", "Freya Lewis", "Hannah Lewis", 60, 50), 49)
    services.case_request_mediation(acting_user=officer, case=case, asked_on=ago(48))
    services.case_record_unable_to_arrange(acting_user=officer, case=case, informed_on=ago(17),
                                           reason="No decision-maker free within 30 days")
    case = advised(mediation("Riverside", "Jacob Walker", "Sophie Walker", 15, 6, sections=("I",)), 5)
    services.case_record_no_certificate_needed(acting_user=officer, case=case, on=ago(5))
    case = advised(mediation("Northshire", "Mia Robinson", "Zara Robinson", 70, 60), 59)
    services.case_request_mediation(acting_user=officer, case=case, asked_on=ago(58))
    services.case_start_arranging(acting_user=officer, case=case, on=ago(50))
    # Demo history: the meeting took place 34 days ago (booking and holding it are shown on other demo cases).
    Case.objects.filter(pk=case.pk).update(state=State.MEETING_HELD, mediation_held=ago(34))
    ChildViewsSteps.objects.create(case=case, recorded_by=officer,
                                   steps="Mia wrote down what she wanted with her teacher; it was read out.")
    services.case_conclude(acting_user=officer, case=Case.objects.get(pk=case.pk), concluded_on=ago(33))
    services.certificate_issue(acting_user=officer, case=case, issued_on=ago(31))
    services.case_close(acting_user=officer, case=case, on=ago(30))
    for authority, child, family, party, words, agreed in (
        ("Eastvale", "Ethan Clarke", "Olivia Clarke", "school", "Support in lessons is not being given", True),
        ("Riverside", "Ava Patel", "Meera Patel", "college", "Transport to college", False),
    ):
        case = services.case_create(
            acting_user=officer, kind="dr", local_authority=la[authority], child_name=child,
            child_date_of_birth=date(2012, 9, 14), rights_holder="parent", contacted_on=ago(14),
            contact_method="email", family_name=family, family_email=f"{family.split()[0].lower()}@family.example",
            issues=[IssueDetails(other_party=party, description=words)],
        )
        if agreed:
            services.case_record_parties_agree(acting_user=officer, case=case, on=ago(10))
            services.case_start_arranging(acting_user=officer, case=case, on=ago(9))
        else:
            services.case_record_party_declines(acting_user=officer, case=case, on=ago(8),
                                                reason="The college would not take part")
