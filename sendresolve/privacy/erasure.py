"""Erasure and correction of a person by an administrator (UK GDPR Articles 16 and 17), each in one transaction with
a staff-only timeline entry on each of their cases and an audit row that keeps the reason.

Erasure is refused, changing nothing, wherever the law keeps the data (`erasure_checks`). Otherwise:
- the cases about the person and their child are anonymised now, exactly as the retention table would at the end
  of their period (every entry that follows a case, `retention_table.CASE_ENTRIES`, and the case's confidential
  notes): the statistics stay, nothing that names anyone does;
- on the other cases they are named on (as staff, a supporter), their rows lose their name and contact details and
  their name is taken out of what others wrote there (`erasure_scrub`);
- the e-mails written to them are deleted;
- their account is anonymised as the table's account entries say (addresses, authenticators, a mediator's details
  and times), and deleted outright when nothing else refers to it.
The audit log is kept as it is: it is the record that the service was run lawfully, with its own period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import user_access
from sendresolve.accounts.services import user_change_email
from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.cases.events import record
from sendresolve.cases.models import Case, Participant
from sendresolve.core.refusals import Refused
from sendresolve.notifications.models import OutboundEmail
from sendresolve.privacy.erasure_checks import erasure_check
from sendresolve.privacy.erasure_scrub import ERASED_NAME, anonymise_account, anonymise_cases, scrub_names
from sendresolve.privacy.events import PrivacyEvent
from sendresolve.privacy.subjects import Subject, require_may_handle

MESSAGE_CLEARED = "(Removed when the family was erased.)"


class ErasureRefused(Refused):
    """The law keeps this person's data now; the message says why, case by case."""


@dataclass(frozen=True)
class Erased:
    cases_anonymised: int
    rows: int
    messages: int
    account_deleted: bool

    @property
    def summary(self) -> str:
        account = "Their account was deleted" if self.account_deleted else "Their account (if any) is closed for good"
        return (f"Erased. {self.cases_anonymised} case(s) about them anonymised, their name and details taken out "
                f"of {self.rows} record(s) on other cases, {self.messages} e-mail(s) deleted or emptied. {account}.")


def _require_administrator(user: User, subject: Subject) -> None:
    if not user_access(user).is_administrator:
        raise PermissionDenied("Only an administrator corrects or erases a person.")
    require_may_handle(user, subject, roles=frozenset({Role.ADMINISTRATOR}))


def _reason(reason: str, what: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(f"Say why the law allows them to be {what}.")
    if len(reason) > 500:
        raise ValidationError(f"Keep the reason to 500 characters (it has {len(reason)}).")
    return reason


def person_erase(*, acting_user: User, subject: Subject, reason: str, request=None) -> Erased:
    _require_administrator(acting_user, subject)
    reason = _reason(reason, "erased")
    now = timezone.now()
    with transaction.atomic():
        check = erasure_check(acting_user=acting_user, subject=subject, lock=True)
        if not check.allowed:
            raise ErasureRefused(f"{subject.name} cannot be erased: " + " ".join(check.reasons) +
                                 " Nothing has been changed.")
        counts: Counter = Counter()
        other_case_ids = sorted(set(check.case_ids) - set(check.family_case_ids))
        addresses = _addresses(subject)  # first: their rows on cases still have their addresses
        names = _names(subject) | addresses
        messages = _delete_messages(addresses)
        messages += _clear_messages_about(check.family_case_ids)  # before the references are replaced
        anonymise_cases(list(check.family_case_ids), now=now, counts=counts)
        rows = scrub_names(subject, names, case_ids=other_case_ids, counts=counts)
        for case in Case.objects.filter(pk__in=check.case_ids):  # after: anonymising empties a case's timeline
            record(case, PrivacyEvent.PERSON_ERASED, acting_user, staff_only=True, reason=reason)
        user = subject.user
        if user is not None:
            anonymise_account(user, now=now, counts=counts)
            user.refresh_from_db()
        target = user if user is not None else Participant.objects.get(pk=subject.participant_id)
        done = Erased(len(check.family_case_ids), rows, messages, account_deleted=False)
        audit_record(actor=acting_user, action=AuditEvent.Action.DELETE, target=target, request=request,
                     summary=f"Erased a person. Reason: {reason}. {done.summary}"[:500])
        if user is not None and _delete_if_unreferenced(user):
            done = Erased(done.cases_anonymised, rows, done.messages, account_deleted=True)
    return done


def _names(subject: Subject) -> set[str]:
    names = {subject.name}
    if subject.user is not None:
        names.add(subject.user.full_name)
    names |= set(Participant.objects.filter(subject.participant_filter()).values_list("name", flat=True))
    return {name.strip() for name in names if len(name.strip()) >= 3 and name.strip() != ERASED_NAME}


def _addresses(subject: Subject) -> set[str]:
    addresses = {subject.email} if subject.email else set()
    if subject.user is not None:
        addresses |= {a.lower() for a in subject.user.emailaddress_set.values_list("email", flat=True)}
    return addresses | {a.lower() for a in Participant.objects.filter(subject.participant_filter())
                        .exclude(email="").values_list("email", flat=True)}


def _delete_messages(addresses: set[str]) -> int:
    if not addresses:
        return 0
    deleted, _ = OutboundEmail.objects.filter(reduce(or_, (Q(to__iexact=a) for a in addresses))).delete()
    return deleted


def _clear_messages_about(case_ids) -> int:
    """E-mails to others about the family's cases (the LA told, a meeting's invitations) keep their row, the record
    that they were sent, and lose their text, which names the family and the child (as the retention table clears
    every body after its period)."""
    references = list(Case.objects.filter(pk__in=case_ids).values_list("reference", flat=True))
    if not references:
        return 0
    about = reduce(or_, (Q(subject__contains=ref) | Q(body_text__contains=ref) for ref in references))
    return OutboundEmail.objects.filter(about).update(body_text=MESSAGE_CLEARED, body_html="", attachments=[])


def _delete_if_unreferenced(user: User) -> bool:
    """Deletes the anonymised account when no record refers to it (a family member whose only case was anonymised,
    someone never named on a case); records that do (a certificate issued, a plan agreed) keep it, anonymised."""
    try:
        with transaction.atomic():
            user.delete()
    except (ProtectedError, RestrictedError):
        return False
    return True


def person_correct(*, acting_user: User, subject: Subject, full_name: str, email: str, reason: str,
                   request=None) -> None:
    """Corrects a person's name and e-mail address on their account and every case row that is theirs."""
    _require_administrator(acting_user, subject)
    reason = _reason(reason, "corrected")
    full_name, email = " ".join((full_name or "").split()), (email or "").strip().lower()
    if not full_name:
        raise ValidationError("Enter their full name.")
    if len(full_name) > 200:
        raise ValidationError("Enter a name of 200 characters or fewer.")
    if email:
        validate_email(email)
    elif subject.user is not None:
        raise ValidationError("An account needs an e-mail address: it is how they sign in.")
    if subject.is_erased:
        raise Refused(f"{subject.name} has been erased: there is nothing to correct.")
    if full_name == subject.name and email == subject.email:
        raise ValidationError("Nothing has changed: change their name or e-mail address, or go back.")
    with transaction.atomic():
        rows = list(Participant.objects.select_for_update().filter(subject.participant_filter()))
        user = subject.user
        if user is None and not rows:
            raise Refused(f"{subject.name} is no longer on any case: there is nothing to correct.")
        if user is not None:
            User.objects.filter(pk=user.pk).update(full_name=full_name)
            user_change_email(acting_user=acting_user, user=user, email=email, request=request)
        Participant.objects.filter(pk__in=[row.pk for row in rows]).update(name=full_name, email=email)
        what = ", ".join(part for part, changed in (("name", full_name != subject.name),
                                                    ("e-mail address", email != subject.email)) if changed)
        for case in Case.objects.filter(pk__in={row.case_id for row in rows}):
            record(case, PrivacyEvent.PERSON_CORRECTED, acting_user, staff_only=True, who=what, reason=reason)
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE,
                     target=user if user is not None else rows[0], request=request,
                     summary=f"Corrected their {what} on their account and {len(rows)} case row(s). Reason: {reason}")
