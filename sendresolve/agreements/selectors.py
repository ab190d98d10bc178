"""What the case page shows each person about the Action Plan and its follow-up: a fixed number of queries."""

from __future__ import annotations

from django.conf import settings

from sendresolve.accounts.models import User
from sendresolve.agreements.models import ActionPlan, PlanAgreement
from sendresolve.agreements.plans import party_of
from sendresolve.cases.models import Case
from sendresolve.cases.selectors import has_plan_deadlines, sees_staff_fields
from sendresolve.cases.states import State
from sendresolve.mediators.selectors import is_allocated_mediator, is_declared_mediator


def case_agreement_panel(user: User, case: Case) -> dict:
    mediator = is_allocated_mediator(user, case)
    latest = case.plans.order_by("-version").first()
    shown = latest if latest is None or mediator or latest.status != ActionPlan.Status.DRAFT else (
        case.plans.exclude(status=ActionPlan.Status.DRAFT).order_by("-version").first())
    party = party_of(user, latest) if latest is not None and latest.status == ActionPlan.Status.SENT else None
    to_agree = party is not None and not latest.agreements.filter(participant=party).exists()
    receipt = None
    if latest is not None and latest.status == ActionPlan.Status.AGREED:
        receipt_party = party_of(user, latest)
        receipt = latest.agreements.filter(participant=receipt_party, method=PlanAgreement.Method.IN_SESSION,
                                           receipt_at__isnull=True).first() if receipt_party else None
    return {
        "plan": shown,
        "plan_to_agree": latest if to_agree else None,
        "receipt_to_confirm": receipt,
        "can_record_session_agreement": mediator and latest is not None and latest.status == ActionPlan.Status.SENT
        and settings.AGREEMENT_DATE_RULE == "in_session",
        "can_edit_plan": mediator and case.state in {State.MEETING_BOOKED, State.MEETING_HELD, State.CONCLUDED,
                                                     State.CERTIFICATE_ISSUED},
        "can_record_outcome": (mediator or sees_staff_fields(user)) and case.state == State.MEETING_HELD,
        "can_keep_notes": mediator and is_declared_mediator(user, case),
        "has_duties": has_plan_deadlines(case) or case.agreement_date is not None,
        "mediator_issues_certificate": mediator and case.state == State.CONCLUDED
        and settings.CERTIFICATE_ISSUER_AFTER_MEDIATION == "mediator",
    }
