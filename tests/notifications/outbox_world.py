"""What the tests of failures and bounces share: a case whose LA notice is in the outbox, and a mail server that
refuses an address until the outbox gives up on it."""

from __future__ import annotations

import smtplib
from itertools import count

from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.accounts.services import organisation_create
from sendresolve.cases import services
from sendresolve.cases.models import Case
from sendresolve.cases.notices import case_notice_key
from sendresolve.notifications.delivery import MAX_ATTEMPTS, outbox_deliver
from sendresolve.notifications.models import OutboundEmail, WorkerHeartbeat
from tests.factories import mediation_case, person

_numbers = count(1)


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every address, as a real one refuses a mistyped domain."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({email_messages[0].to[0]: (550, b"5.1.1 No such user")})


def la_notice_case(*, la_address: str = "sen@la.example") -> tuple[Case, OutboundEmail]:
    """A mediation case whose family asked to mediate: the LA's notice (statutory) is waiting in the outbox."""
    officer = person(Role.CASE_OFFICER)
    la = organisation_create(acting_user=None, name=f"Northshire Council {next(_numbers)}",
                             kind=OrganisationKind.LOCAL_AUTHORITY, contact_email=la_address)
    case = mediation_case(local_authority=la, acting_user=officer)
    today = timezone.localdate()
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
    services.case_request_mediation(acting_user=officer, case=case, asked_on=today)
    return case, OutboundEmail.objects.get(to=la_address, regarding=case_notice_key(case))


def force_failure(message: OutboundEmail) -> OutboundEmail:
    """Tries the message as often as the outbox does, each time refused, each time as soon as it may."""
    with override_settings(MAILERS={"default": {"BACKEND": f"{__name__}.RefusingBackend"}}):
        for _ in range(MAX_ATTEMPTS):
            OutboundEmail.objects.filter(pk=message.pk).update(lease_until=None)  # its retry time has come
            outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.FAILED, message.status
    return message


def deliver(message: OutboundEmail) -> OutboundEmail:
    """Sends it through the configured mailer now, whatever its retry time."""
    OutboundEmail.objects.filter(pk=message.pk).update(lease_until=None)
    assert outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    return message


def a_worker_is_alive() -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id="test:1", defaults={"seen_at": timezone.now()})
