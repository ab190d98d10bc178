"""The fees pages, through the test client: a mediator sees only their own time and statements; another mediator,
the case's other people and the case officer get 404 as if they did not exist; the service manager sees every
statement and answers disputes."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendresolve.fees import statements
from sendresolve.fees.models import Statement, TimeEntry
from sendresolve.meetings.models import Meeting
from tests.agreements.conftest import hold_meeting
from tests.factories import mediator, signed_in_with_mfa
from tests.fees.conftest import Fees, make_fees

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    return signed_in_with_mfa(Client(), user)


def drafted(fees: Fees) -> Statement:
    fees.record()
    return statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=fees.last_month)


def test_a_mediator_never_sees_another_mediator_s_statement_or_time(fees):
    statement = drafted(fees)
    entry = TimeEntry.objects.get()
    other = make_fees()  # another mediator with a statement of their own
    theirs = drafted(other)
    client = client_of(other.mediator.user)
    for name, kwargs in (("fee_statement", {"statement_id": statement.pk}),
                         ("fee_statement_pdf", {"statement_id": statement.pk}),
                         ("fee_time_correct", {"entry_id": entry.pk})):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404
    for name in ("fee_statement_accept", "fee_statement_dispute", "fee_statement_answer"):
        assert client.post(reverse(name, kwargs={"statement_id": statement.pk}),
                           {"revision": statement.revision}).status_code == 404
    assert client.post(reverse("fee_time_remove", kwargs={"entry_id": entry.pk})).status_code == 404
    listing = client.get(reverse("fee_statements")).content.decode()
    assert reverse("fee_statement", args=[theirs.pk]) in listing  # the positive control: their own is listed
    assert reverse("fee_statement", args=[statement.pk]) not in listing
    assert fees.case.reference not in client.get(reverse("fee_time")).content.decode()
    statement.refresh_from_db()
    assert statement.status == Statement.Status.AWAITING and TimeEntry.objects.filter(pk=entry.pk).exists()
    assert client_of(fees.mediator.user).get(reverse("fee_statement", args=[statement.pk])).status_code == 200


def test_only_service_managers_see_every_statement(fees):
    statement = drafted(fees)
    for who in (fees.ready.officer, fees.admin, fees.ready.la_officer, fees.mediator.user):
        assert client_of(who).get(reverse("fee_manage")).status_code == 404
    for who in (fees.ready.officer, fees.admin, fees.ready.la_officer, fees.ready.parent):
        assert client_of(who).get(reverse("fee_statement", args=[statement.pk])).status_code == 404
    manager = client_of(fees.manager)
    assert reverse("fee_statement", args=[statement.pk]) in manager.get(reverse("fee_manage")).content.decode()
    assert manager.get(reverse("fee_statement", args=[statement.pk])).status_code == 200


def test_the_mediator_records_time_from_a_held_meeting_with_its_length_filled_in(fees):
    hold_meeting(fees.ready)
    meeting = Meeting.objects.get(case=fees.case)
    client = client_of(fees.mediator.user)
    page = client.get(reverse("fee_time")).content.decode()
    assert f"?meeting={meeting.pk}" in page
    form = client.get(reverse("fee_time") + f"?meeting={meeting.pk}").context["form"]
    length = int((meeting.end - meeting.start).total_seconds() // 60)
    assert (form.initial["activity"], form.initial["hours"] * 60 + form.initial["minutes"]) == ("meeting", length)
    response = client.post(reverse("fee_time"), {
        "meeting": meeting.pk, "case": fees.case.reference, "activity": "meeting",
        "worked_on_0": meeting.held_on.day, "worked_on_1": meeting.held_on.month, "worked_on_2": meeting.held_on.year,
        "hours": "2", "minutes": "55"})
    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert (entry.minutes, entry.meeting, entry.activity) == (175, meeting, "meeting")
    assert f"?meeting={meeting.pk}" not in client.get(reverse("fee_time")).content.decode()  # recorded now
    assert client_of(mediator().user).get(reverse("fee_time") + f"?meeting={meeting.pk}").status_code == 404


def test_bad_time_is_shown_back_with_the_reason_and_nothing_is_saved(fees):
    client = client_of(fees.mediator.user)
    day = fees.last_month + timedelta(days=2)
    response = client.post(reverse("fee_time"), {
        "case": fees.case.reference, "activity": "prep_family", "worked_on_0": day.day, "worked_on_1": day.month,
        "worked_on_2": day.year, "hours": "", "minutes": ""})
    assert response.status_code == 400 and "Enter how long the work took" in response.content.decode()
    response = client.post(reverse("fee_time"), {
        "case": "SR-NOTMINE", "activity": "prep_family", "worked_on_0": day.day, "worked_on_1": day.month,
        "worked_on_2": day.year, "hours": "1"})
    assert response.status_code == 400 and "Choose one of your cases" in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_the_mediator_agrees_to_self_billing_accepts_and_downloads_the_stored_pdf(fees, stored_files):
    statement = drafted(fees)
    client = client_of(fees.mediator.user)
    page = client.get(reverse("fee_statement", args=[statement.pk])).content.decode()
    assert "agree to self-billing" in page and "Accept this statement" not in page
    response = client.post(reverse("fee_agreement"), {
        "statement": statement.pk, "address": "1 High Street", "vat_number": "GB 123 4567 89",
        "typed_name": fees.mediator.user.full_name, "confirmed": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("fee_statement", args=[statement.pk])
    statement.refresh_from_db()
    assert statement.vat_rate == 20  # drafted again with VAT, now the mediator says they are registered
    response = client.post(reverse("fee_statement_accept", args=[statement.pk]), {"revision": statement.revision})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.number and statement.vat_number == "GB123456789"
    pdf = client.get(reverse("fee_statement_pdf", args=[statement.pk]))
    content = b"".join(pdf.streaming_content)
    assert pdf["Content-Type"] == "application/pdf" and hashlib.sha256(content).hexdigest() == \
        statement.document_sha256
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True,
                                   check=True).stdout.decode().split())
    assert "The VAT shown is your output tax due to HMRC" in text and "GB123456789" in text


def test_a_dispute_goes_to_the_service_manager_s_home_and_back_to_the_mediator_s(fees):
    statement = drafted(fees)
    mediator_client, manager_client = client_of(fees.mediator.user), client_of(fees.manager)
    assert "Statement of your fees to accept" in mediator_client.get(reverse("home")).content.decode()
    line = statement.lines.first()
    response = mediator_client.post(reverse("fee_statement_dispute", args=[statement.pk]),
                                    {"revision": statement.revision, "line": line.pk, "reason": ""})
    assert response.status_code == 400 and "Say what is wrong with the line" in response.content.decode()
    mediator_client.post(reverse("fee_statement_dispute", args=[statement.pk]),
                         {"revision": statement.revision, "line": line.pk, "reason": "That call was 60 minutes"})
    assert "Disputed statement to answer" in manager_client.get(reverse("home")).content.decode()
    assert "Statement of your fees to accept" not in mediator_client.get(reverse("home")).content.decode()
    assert "Disputed statement" not in client_of(fees.ready.officer).get(reverse("home")).content.decode()
    manager_client.post(reverse("fee_statement_answer", args=[statement.pk]), {"answer": "Correct it on your time"})
    statement.refresh_from_db()
    assert statement.status == Statement.Status.AWAITING
    assert "Statement of your fees to accept" in mediator_client.get(reverse("home")).content.decode()


def test_the_service_manager_downloads_the_month_s_accepted_statements_to_pay_them(fees, stored_files):
    statement = drafted(fees)
    fees.agree()
    statement.refresh_from_db()
    statement = statements.statement_accept(acting_user=fees.mediator.user, statement=statement,
                                            revision=statement.revision)
    month = f"{statement.accepted_at:%Y-%m}"
    for who in (fees.mediator.user, fees.admin, fees.ready.officer):
        assert client_of(who).get(reverse("fee_payments") + f"?month={month}").status_code == 404
    manager = client_of(fees.manager)
    assert manager.get(reverse("fee_payments") + "?month=1999-01").status_code == 404
    rows = list(csv.reader(io.StringIO(manager.get(reverse("fee_payments") + f"?month={month}").content.decode())))
    assert rows[0][0] == "Invoice number"
    assert rows[1:] == [[statement.number, fees.mediator.user.full_name, fees.mediator.user.email,
                         timezone.localdate(statement.accepted_at).isoformat(), statement.month_words,
                         str(statement.net), str(statement.vat), str(statement.total), ""]]
