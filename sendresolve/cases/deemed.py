"""The deemed certificate (legal review L5): when the 30 days to arrange mediation end without a meeting, the family
is offered its certificate within 3 working days (T6) and keeps the choice to appeal at once or to wait for the
mediation, which goes on being arranged.

The Code (as reproduced by Sefton [O]): "If the local authority is unable to arrange mediation within 30 days it
must tell the mediator. The mediation adviser must then issue a certificate within three days. On receipt of the
certificate the parent or young person could decide whether to appeal immediately or to wait for mediation to take
place." The regulation's number is unconfirmed [U]. The LA is to tell the adviser "as soon as it realises"; with
`DEEMED_CERTIFICATE_TRIGGER = "day_after_t4"` (the default) the service does not wait for that: the day after the
30 days it knows, and that day is the informing date. With "on_la_notice" only the LA's own notice counts.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sendresolve.audit.services import audit_record
from sendresolve.cases import events, notices
from sendresolve.cases.choices import CaseKind, CertificateType
from sendresolve.cases.clockwork import ARRANGING_RULES, case_store_deadlines
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.states import State
from sendresolve.cases.transitions import locked_case

# Mediation is still wanted and not yet held: the states in which the 30 days can run out.
STILL_ARRANGING = frozenset({State.MEDIATION_REQUESTED, State.ARRANGING, State.MEETING_BOOKED})


def deemed_certificate_due(case: Case) -> bool:
    """Whether the case is owed a certificate because mediation was not arranged in time, while mediation goes on
    (no change of state: certificate and mediation are not alternatives after day 30)."""
    return (case.kind == CaseKind.MEDIATION and case.state in STILL_ARRANGING
            and case.unable_to_arrange_informed is not None and settings.CONTINUE_AFTER_DEEMED_CERTIFICATE
            and not case.certificates.filter(type=CertificateType.UNABLE_TO_ARRANGE).exists())


def case_offer_deemed_certificate(*, case: Case, informed_on: date) -> Case | None:
    """Records that the 30 days ended without a meeting (informing date `informed_on`), starts T6 and tells the
    family and the LA. Nothing when the case has moved on meanwhile. Run by the sweep: no acting person."""
    with transaction.atomic():
        case = locked_case(case)
        if case.state not in STILL_ARRANGING or case.unable_to_arrange_informed is not None:
            return None
        arranging = case.deadlines.filter(rule__in=ARRANGING_RULES, met_on__isnull=True, due__lt=informed_on)
        last_day = arranging.order_by("due").values_list("due", flat=True).first()
        if last_day is None:
            return None
        case.unable_to_arrange_informed = informed_on
        case.save(update_fields=["unable_to_arrange_informed", "updated_at"])
        events.transition_event(case=case, actor=None, type_=events.EventType.UNABLE_TO_ARRANGE, on=informed_on,
                                reason=f"the 30 days ended on {last_day:%-d %B %Y} without a meeting; the family "
                                       "can have its certificate and mediation goes on being arranged")
        audit_record(actor=None, action="update", target=case, summary="Deemed certificate offered")
        case_store_deadlines(case)
        notices.deemed_certificate_offered(case, last_day=last_day)
    return case


def deemed_certificates_offer(*, today: date | None = None) -> int:
    """The sweep's job: every case whose 30 days ended yesterday or before with no meeting gets its offer, dated
    the day after the 30 days (when the service knew). Idempotent: a case offered once is not offered again."""
    if settings.DEEMED_CERTIFICATE_TRIGGER != "day_after_t4":
        return 0
    today = today or timezone.localdate()
    overdue = (CaseDeadline.objects.filter(in_queue=True, rule__in=ARRANGING_RULES, met_on__isnull=True, due__lt=today,
                                           case__kind=CaseKind.MEDIATION, case__state__in=STILL_ARRANGING,
                                           case__unable_to_arrange_informed__isnull=True)
               .select_related("case").order_by("due")[:500])
    offered = 0
    for deadline in overdue:
        if case_offer_deemed_certificate(case=deadline.case, informed_on=deadline.due + timedelta(days=1)):
            offered += 1
    return offered
