"""Sending a family's online request: checking their e-mail by a code, then opening the case."""

from __future__ import annotations

import secrets
import time
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.services import family_account
from sendresolve.cases.choices import CaseKind, ContactMethod
from sendresolve.cases.intake import is_mediation, placement_only
from sendresolve.cases.models import Case, DecisionLetter
from sendresolve.cases.services import DecisionDetails, IssueDetails, case_create
from sendresolve.notifications.services import email_enqueue

CODE_SESSION_KEY = "family_request_code"
CODE_LIFETIME = 15 * 60
MAX_ATTEMPTS = 5


def _digest(code: str) -> str:
    return salted_hmac("family-request-code", code).hexdigest()


def family_request_send_code(*, session, email: str) -> None:
    """E-mails a 6-digit code; only its keyed hash is kept, in the family's own session."""
    code = f"{secrets.randbelow(10**6):06d}"
    session[CODE_SESSION_KEY] = {"digest": _digest(code), "email": email, "expires": time.time() + CODE_LIFETIME,
                                 "attempts": 0}
    email_enqueue(
        to=email, subject="Your code to send your request",
        body_text=(f"Hello,\n\nYour code to send your request for SEND mediation or disagreement resolution is:\n\n"
                   f"{code}\n\nEnter it on the page you have open. It works for 15 minutes.\n\nIf you did not ask "
                   f"for this, you can ignore this e-mail.\n\nSEND Resolve"),
    )


def family_request_check_code(*, session, code: str) -> None:
    """Raises ValidationError with a plain reason unless the code is right."""
    pending = session.get(CODE_SESSION_KEY)
    if not pending or time.time() > pending["expires"]:
        raise ValidationError("The code has expired. Send a new code.")
    if pending["attempts"] >= MAX_ATTEMPTS:
        raise ValidationError("Too many wrong codes. Send a new code.")
    pending["attempts"] += 1
    session[CODE_SESSION_KEY] = pending
    if not constant_time_compare(_digest(code.strip()), pending["digest"]):
        raise ValidationError("The code is not right. Check the e-mail and try again.")


def family_request_store_letter(*, upload, content_type: str) -> dict:
    """Keeps an uploaded letter (already checked) in private storage until the request is sent."""
    name = default_storage.save(f"letters/{secrets.token_urlsafe(18)}", upload)
    return {"letter_path": name, "letter_name": upload.name[:200], "letter_type": content_type,
            "letter_size": upload.size}


def family_request_submit(*, answers: dict) -> tuple[Case, User | None]:
    """Opens the case the family asked for, with the family's own account to see it."""
    email = answers["family_email"].strip().lower()
    mediation = is_mediation(answers)
    sections = answers.get("sections", []) if mediation else []
    sent = date.fromisoformat(answers["sent_on"]) if mediation else None
    with transaction.atomic():
        user = family_account(email=email, full_name=answers["family_name"])
        case = case_create(
            acting_user=user, kind=CaseKind.MEDIATION if mediation else CaseKind.DR,
            local_authority=Organisation.objects.get(pk=answers["local_authority"]),
            child_name=answers["child_name"], child_date_of_birth=date.fromisoformat(answers["child_date_of_birth"]),
            rights_holder=answers["rights_holder"], contacted_on=timezone.localdate(),
            contact_method=ContactMethod.ONLINE, family_name=answers["family_name"], family_email=email,
            family_phone=answers.get("family_phone", ""), family_user=user,
            decision=DecisionDetails(answers["decision_type"], sent, sent) if mediation else None,
            issues=[IssueDetails(section=s) for s in sections] if mediation else
            [IssueDetails(other_party=answers["other_party"], description=answers["description"])],
            placement_only=placement_only(answers),
        )
        if mediation and answers.get("letter_path"):
            DecisionLetter.objects.create(case=case, file=answers["letter_path"], original_name=answers["letter_name"],
                                          content_type=answers["letter_type"], size=answers["letter_size"])
    return case, user
