"""Legal holds on a case: while one is on, the retention table deletes and anonymises nothing of the case, and
erasure refuses it. Administrators set and lift them (the Django admin calls these services); each change writes
the hold, a staff-only timeline entry and an audit row in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.selectors import user_access
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.cases.events import record
from sendresolve.cases.models import Case
from sendresolve.core.refusals import Refused
from sendresolve.privacy.events import PrivacyEvent
from sendresolve.privacy.models import LegalHold


class HoldRefused(Refused):
    """A hold that cannot be set or lifted as asked (one already on, or none to lift)."""


def _require_administrator(user: User) -> None:
    if not user_access(user).is_administrator:
        raise PermissionDenied("Only an administrator sets or lifts a legal hold.")


def _clean_reason(reason: str, example: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(f"Say why, for example '{example}'.")
    if len(reason) > 500:
        raise ValidationError("Keep the reason to 500 characters.")
    return reason


def legal_hold_set(*, acting_user: User, case: Case, reason: str) -> LegalHold:
    """Puts a hold on `case`. Refused if one is already on (lift it first, or keep it)."""
    _require_administrator(acting_user)
    reason = _clean_reason(reason, "Tribunal appeal SE123/45 lodged: keep until it is decided")
    try:
        with transaction.atomic():
            Case.objects.select_for_update().filter(pk=case.pk).first()
            if LegalHold.objects.filter(case=case, lifted_at__isnull=True).exists():
                raise HoldRefused(f"Case {case.reference} is already under a legal hold.")
            hold = LegalHold.objects.create(case=case, reason=reason, set_by=acting_user, set_at=timezone.now())
            record(case, PrivacyEvent.LEGAL_HOLD_SET, acting_user, staff_only=True, reason=reason)
            audit_record(actor=acting_user, action=AuditEvent.Action.CREATE, target=case,
                         summary=f"Legal hold set: {reason}")
    except IntegrityError as error:  # a second administrator at the same moment, past the lock on SQLite
        raise HoldRefused(f"Case {case.reference} is already under a legal hold.") from error
    return hold


def legal_hold_lift(*, acting_user: User, case: Case, reason: str) -> LegalHold:
    """Lifts the hold that is on `case`; its row stays, with who lifted it, when and why."""
    _require_administrator(acting_user)
    reason = _clean_reason(reason, "Appeal withdrawn on 3 March 2027")
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        hold = LegalHold.objects.filter(case=case, lifted_at__isnull=True).first()
        if hold is None:
            raise HoldRefused(f"Case {case.reference} is not under a legal hold, so there is none to lift.")
        hold.lifted_by, hold.lifted_at, hold.lift_reason = acting_user, timezone.now(), reason
        hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        record(case, PrivacyEvent.LEGAL_HOLD_LIFTED, acting_user, staff_only=True, reason=reason)
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, target=case,
                     summary=f"Legal hold lifted: {reason}")
    return hold


def case_is_held(case_id: int) -> bool:
    """Whether a legal hold is on the case now."""
    return LegalHold.objects.filter(case_id=case_id, lifted_at__isnull=True).exists()


def held_case_ids() -> set[int]:
    """The cases under a legal hold now (few: a handful at a time)."""
    return set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("case_id", flat=True))
