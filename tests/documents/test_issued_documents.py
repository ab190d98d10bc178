"""Issue 11, 'issued means frozen': a certificate and each agreed plan version are rendered once and stored with
their SHA-256; every download and e-mail is those bytes, whatever is agreed or changed afterwards."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from docx import Document

from sendresolve.agreements import followup, plans
from sendresolve.cases import services
from sendresolve.documents.models import StoredDocument
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.agreements.conftest import hold_meeting
from tests.agreements.test_plans import EP_ACTION, F_ACTION, agree_all, draft
from tests.factories import mediation_case, person, signed_in_with_mfa
from tests.meetings.conftest import make_ready

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_certificate_is_the_same_bytes_in_the_e_mail_every_download_and_on_verify(client):
    officer = person("case_officer", totp=True)
    case = mediation_case(acting_user=officer, family_email="family@example.test")
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=TODAY, method="phone")
    case = services.case_request_certificate(acting_user=officer, case=case, informed_on=TODAY)
    certificate = services.certificate_issue(acting_user=officer, case=case)
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    [e_mail] = [m for m in mail.outbox if certificate.number in m.subject]
    [(_, attached, _)] = e_mail.attachments
    url = f"/cases/{case.reference}/certificates/{certificate.number}.pdf"
    downloads = [signed_in_with_mfa(Client(), officer).get(url).content for _ in range(2)]
    assert downloads[0] == downloads[1] == attached
    assert StoredDocument.objects.count() == 1
    born = case.child_date_of_birth
    page = client.post("/verify/", {"number": certificate.number, "date_of_birth_0": born.day,
                                    "date_of_birth_1": born.month, "date_of_birth_2": born.year}).content.decode()
    assert hashlib.sha256(attached).hexdigest() in page


def _by_when(document_bytes: bytes) -> list[str]:
    table = Document(io.BytesIO(document_bytes)).tables[1]
    return [row.cells[3].text for row in table.rows[1:]]


def test_an_agreed_version_stays_as_agreed_after_a_new_version_and_a_new_date():
    held = hold_meeting(make_ready())
    v1 = agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=draft(held), revision=1))
    parent = signed_in_with_mfa(Client(), held.parent)
    url = f"/cases/{held.case.reference}/plan/v1."
    before = {ext: parent.get(url + ext).content for ext in ("pdf", "docx")}
    assert all("Not set" not in cell for cell in _by_when(before["docx"]))
    assert f"{(TODAY + timedelta(weeks=2)):%-d %B %Y}" in " ".join(_by_when(before["docx"]))
    # A new date agreed for the EP visit, then a second version agreed.
    duty = held.case.deadlines.get(rule="T11", plan_action__isnull=False)
    later = duty.due + timedelta(days=14)
    followup.duty_ask_new_date(acting_user=held.la_officer, case=held.case, action_id=duty.plan_action_id,
                               rule="T11", new_due=later, reason="The EP is on leave")
    followup.duty_answer_new_date(acting_user=held.parent, case=held.case, action_id=duty.plan_action_id,
                                  rule="T11", agree=True)
    v2 = draft(held, actions=[F_ACTION, EP_ACTION, F_ACTION], revision=v1.revision)
    agree_all(held, plans.plan_send(acting_user=held.mediator.user, plan=v2, revision=v2.revision))
    after = {ext: parent.get(url + ext).content for ext in ("pdf", "docx")}
    assert after == before
