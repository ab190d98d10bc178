"""A person's page: what is held about them, in counts (the export has the records), and what an administrator may
do. Opening it is a read of their data, audited like any other."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from sendresolve.accounts.selectors import user_access
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_view
from sendresolve.cases.models import Case, Participant
from sendresolve.notifications.models import OutboundEmail
from sendresolve.privacy.access_cases import FAMILY_SIDE
from sendresolve.privacy.erasure_checks import erasure_check
from sendresolve.privacy.subjects import Subject


def _audit_target(subject: Subject):
    return subject.user if subject.user is not None else Participant.objects.get(pk=subject.participant_id)


def person_read(*, request, subject: Subject, what: str) -> None:
    """A page that shows who the person is (the correction and erasure forms) is a read of their data."""
    audit_view(actor=request.user, target=_audit_target(subject), request=request, summary=f"Viewed {what}")


def person_page(*, request, subject: Subject) -> dict:
    rows = list(Participant.objects.filter(subject.participant_filter()).select_related("case__local_authority")
                .order_by("case__reference", "pk"))
    addresses = sorted({subject.email} | {row.email.lower() for row in rows if row.email} - {""})
    family_ids = [row.case_id for row in rows if row.role in FAMILY_SIDE]
    administrator = user_access(request.user).is_administrator
    target = _audit_target(subject)
    audit_view(actor=request.user, target=target, request=request, summary="Viewed what is held about them")
    return {
        "subject": subject, "rows": rows, "addresses": addresses,
        "roles": [str(m) for m in subject.user.memberships.select_related("organisation")] if subject.user else [],
        "cases_about_them": Case.objects.filter(pk__in=family_ids).count(),
        "message_count": OutboundEmail.objects.filter(reduce(or_, (Q(to__iexact=a) for a in addresses))).count()
        if addresses else 0,
        "exports": AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, target_type=target._meta.label,
                                             target_id=str(target.pk)).count(),
        "administrator": administrator,
        "check": erasure_check(acting_user=request.user, subject=subject) if administrator else None,
    }
