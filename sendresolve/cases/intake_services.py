"""Sending a family's online request: checking their e-mail by a code, then opening the case.

The code proves one thing: that whoever is answering can read the mailbox the request will be sent from. So it
belongs to that one address and to this one purpose, works once, and dies as soon as the contact answers
change. Sending the request never signs anyone into an account that already existed: that is what the sign-in
page (with its own code and limits) is for.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.services import family_account
from sendresolve.cases.choices import CaseKind, ContactMethod
from sendresolve.cases.intake import is_mediation, sections_in_dispute
from sendresolve.cases.models import Case, DecisionLetter, UnsentLetter
from sendresolve.cases.services import DecisionDetails, IssueDetails, case_create
from sendresolve.core.limits import within_limit
from sendresolve.core.refusals import Refused
from sendresolve.notifications.services import email_enqueue

CODE_SESSION_KEY = "family_request_code"
REQUEST_ID_SESSION_KEY = "family_request_id"
CODE_PURPOSE = "family_request"
CODE_LIFETIME = 15 * 60
MAX_ATTEMPTS = 5


class LimitReached(Refused):
    """Too many of something from this person or connection: the message says why and what to do."""


@dataclass(frozen=True)
class SentRequest:
    case: Case
    # The account made now for the address the code proved (signed in at once), or None: the family already had
    # an account (they sign in to it the usual way) or the address belongs to staff.
    new_account: User | None
    has_account: bool


def _digest(code: str) -> str:
    return salted_hmac(f"{CODE_PURPOSE}-code", code, algorithm="sha256").hexdigest()


def _request_id(session) -> str:
    """A random name for this request in this session: the key of its per-request limits."""
    if REQUEST_ID_SESSION_KEY not in session:
        session[REQUEST_ID_SESSION_KEY] = secrets.token_urlsafe(16)
    return session[REQUEST_ID_SESSION_KEY]


def family_request_send_code(*, request, email: str) -> None:
    """E-mails a 6-digit code for this request's address; only its keyed hash is kept, in the family's own
    session. Raises LimitReached past 3 codes for one request, 5 an hour to one address, or 20 from one
    connection."""
    email = email.strip().lower()
    if not within_limit(request, "family_request_code_per_request", key=_request_id(request.session)):
        raise LimitReached("You have asked for 3 codes for this request. Use the code in the newest e-mail (check "
                           "your spam or junk folder), or ask for a new one in an hour. Your answers are kept.")
    if not (within_limit(request, "family_request_code", key=email)):
        raise LimitReached("Too many codes have been sent to this address or from your connection. Ask for a new "
                           "code in an hour, or phone the mediation adviser. Your answers are kept.")
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[CODE_SESSION_KEY] = {"purpose": CODE_PURPOSE, "email": email, "digest": _digest(code),
                                         "expires": time.time() + CODE_LIFETIME, "attempts": 0}
    email_enqueue(
        to=email, subject="Your code to send your request",
        body_text=(f"Hello,\n\nYour code to send your request for SEND mediation or disagreement resolution is:\n\n"
                   f"{code}\n\nEnter it on the page you have open. It works once, for 15 minutes.\n\nIf you did "
                   f"not ask for this, you can ignore this e-mail.\n\nSEND Resolve"),
    )


def family_request_forget_code(*, session) -> None:
    """The contact answers changed: a code sent to the old address proves nothing about the new one."""
    session.pop(CODE_SESSION_KEY, None)


def family_request_check_code(*, session, email: str, code: str) -> str:
    """The address the code proved, used up; or ValidationError with a plain reason."""
    pending = session.get(CODE_SESSION_KEY)
    if not pending or pending.get("purpose") != CODE_PURPOSE or pending.get("email") != email.strip().lower():
        raise ValidationError("There is no code for this e-mail address. Go back to your answers and send a code.")
    if time.time() > pending["expires"]:
        raise ValidationError("The code has expired. Go back to your answers and send a new code.")
    if pending["attempts"] >= MAX_ATTEMPTS:
        raise ValidationError("Too many wrong codes. Go back to your answers and send a new code.")
    pending["attempts"] += 1
    session[CODE_SESSION_KEY] = pending
    if not constant_time_compare(_digest(code.strip()), pending["digest"]):
        raise ValidationError("The code is not right. Check the e-mail and try again.")
    del session[CODE_SESSION_KEY]
    return pending["email"]


def family_request_store_letter(*, request, upload, content_type: str, replacing: int | None = None) -> dict:
    """Keeps an uploaded letter (already checked) until the request is sent, or for a day (the retention table's
    `unsent_letters` entry). A new upload replaces the one before."""
    if not within_limit(request, "family_request_letter"):
        raise LimitReached("Too many letters have been uploaded from your connection. Continue without the letter "
                           "(you can send it to the adviser later), or try again in an hour.")
    with transaction.atomic():
        if replacing:
            _remove_unsent(UnsentLetter.objects.filter(pk=replacing))
        letter = UnsentLetter(original_name=upload.name[:200], content_type=content_type, size=upload.size)
        letter.file.save("letter", upload, save=True)
    return {"letter_id": letter.pk, "letter_name": letter.original_name}


def _remove_unsent(letters) -> int:
    removed = 0
    for letter in letters:
        letter.file.delete(save=False)
        letter.delete()
        removed += 1
    return removed


def _issues(answers: dict) -> list[IssueDetails]:
    if not is_mediation(answers):
        return [IssueDetails(other_party=answers["other_party"], description=answers["description"])]
    sections = sections_in_dispute(answers)
    return [IssueDetails(section=s) for s in sections] if sections else [IssueDetails(description=answers["wanted"])]


def family_request_submit(*, request, answers: dict, proved_email: str) -> SentRequest:
    """Opens the case the family asked for. `proved_email` is the address the code was sent to and entered
    from; the request is sent from it whatever the answers say."""
    email = proved_email
    if answers["family_email"].strip().lower() != email:
        raise ValidationError("The code was sent to another address. Go back to your answers and send a new code.")
    if not within_limit(request, "family_request_send", key=email):
        raise LimitReached("Too many requests have been sent from this address or your connection today. If you "
                           "need to send another, phone the mediation adviser. Your answers are kept.")
    mediation = is_mediation(answers)
    sent = date.fromisoformat(answers["sent_on"]) if mediation else None
    local_authority = Organisation.objects.select_related("icb").get(pk=answers["local_authority"])
    health = mediation and "G" in sections_in_dispute(answers)
    with transaction.atomic():
        user, created = family_account(email=email, full_name=answers["family_name"])
        case = case_create(
            acting_user=user, kind=CaseKind.MEDIATION if mediation else CaseKind.DR,
            local_authority=local_authority,
            child_name=answers["child_name"], child_date_of_birth=date.fromisoformat(answers["child_date_of_birth"]),
            rights_holder=answers["rights_holder"], contacted_on=timezone.localdate(),
            contact_method=ContactMethod.ONLINE, family_name=answers["family_name"], family_email=email,
            family_phone=answers.get("family_phone", ""), family_user=user,
            decision=DecisionDetails(answers["decision_type"], sent, sent) if mediation else None,
            issues=_issues(answers),
            # The ICB for the LA's area takes part where health is in dispute (legal review L4).
            other_parties=[local_authority.icb] if health and local_authority.icb else [],
            health_provision_wanted=answers.get("health_provision_wanted", "") if health else "",
            alternative_basis=answers.get("alternative_basis", "")
            if answers["rights_holder"] == "alternative_person" else "",
            looked_after_by=local_authority if answers.get("looked_after") else None,
        )
        unsent = UnsentLetter.objects.filter(pk=answers.get("letter_id")).first() if mediation else None
        if unsent is not None:
            DecisionLetter.objects.create(case=case, file=unsent.file.name, original_name=unsent.original_name,
                                          content_type=unsent.content_type, size=unsent.size)
            unsent.delete()  # the row only: the file is now the case's
    return SentRequest(case=case, new_account=user if created else None, has_account=user is not None)
