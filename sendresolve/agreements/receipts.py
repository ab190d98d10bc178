"""After an agreement made in the meeting, each party is asked to confirm it has the agreed plan; one reminder goes
to a party who has not, `AGREEMENT_RECEIPT_WORKING_DAYS` after the agreement. The receipt is not the agreement: the
regulation 42 dates ran from the meeting whatever happens here (legal review L6)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sendresolve.agreements.events import AgreementEvent
from sendresolve.agreements.models import ActionPlan, FollowUpNotice, PlanAgreement
from sendresolve.cases import events
from sendresolve.cases.calendar import service_calendar
from sendresolve.notifications.services import email_from_template


def receipts_remind(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    calendar = service_calendar()
    working_days = settings.AGREEMENT_RECEIPT_WORKING_DAYS
    waiting = (PlanAgreement.objects.filter(method=PlanAgreement.Method.IN_SESSION, receipt_at__isnull=True,
                                            plan__status=ActionPlan.Status.AGREED,
                                            plan__agreed_on__lte=today - timedelta(days=working_days))
               .select_related("plan__case", "participant")[:500])
    reminded = 0
    for agreement in waiting:
        plan, case = agreement.plan, agreement.plan.case
        due = calendar.working_days_after(plan.agreed_on, working_days)
        if today <= due or not agreement.participant.email:
            continue
        try:
            with transaction.atomic():
                FollowUpNotice.objects.create(case=case, action_key=agreement.participant_id, rule="receipt",
                                              step="reminder", due=due)
                email_from_template(agreement.participant.email,
                                    f"Please confirm you have the agreed Action Plan ({case.reference})",
                                    "plan_receipt_reminder", {"case": case, "plan": plan,
                                                              "participant": agreement.participant})
                events.record(case, AgreementEvent.RECEIPT_REMINDED, None, staff_only=True,
                              who=agreement.participant.name)
        except IntegrityError:
            continue  # reminded already
        reminded += 1
    return reminded
