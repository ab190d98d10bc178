"""A mediator's subject access export holds their fees and time: rate cards, self-billing agreements, time, every
statement with its lines and disputes, and each accepted statement's stored PDF (matched by SHA-256); in a fixed
number of queries however many statements they have."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.fees import statements
from sendresolve.privacy.export import subject_access_export
from sendresolve.privacy.subjects import subject_for
from tests.fees.conftest import Fees
from tests.privacy.people import open_export, provider_staff

pytestmark = pytest.mark.django_db


def _accepted(fees: Fees, month):
    statement = statements.statement_draft(acting_user=fees.manager, mediator=fees.mediator, month=month)
    return statements.statement_accept(acting_user=fees.mediator.user, statement=statement,
                                       revision=statement.revision)


def _export(acting, fees: Fees):
    return subject_access_export(acting_user=acting, subject=subject_for(acting, f"u{fees.mediator.user.pk}"))


def test_a_mediator_s_export_holds_their_time_statements_and_the_stored_pdfs(fees, stored_files):
    fees.agree(vat_number="GB123456789")
    fees.record(note="Call with the SENCO")
    statement = _accepted(fees, fees.last_month)
    manager = provider_staff(Role.SERVICE_MANAGER, fees.mediator.user.memberships.get().organisation)
    export = open_export(_export(manager, fees).archive.read())
    fees_data = export.data["mediator_fees"]
    assert [card["per_case"] for card in fees_data["rate_cards"]] == ["150.00"]
    assert fees_data["self_billing_agreements"][0]["vat_number"] == "GB123456789"
    assert [(row["case"], row["minutes"], row["note"]) for row in fees_data["time"]] == [
        (fees.case.reference, 45, "Call with the SENCO")]
    assert [(row["number"], row["total"]) for row in fees_data["statements"]] == [
        (statement.number, str(statement.total))]
    assert len(fees_data["statements"][0]["lines"]) == statement.lines.count()
    (name, content), = [(name, content) for name, content in export.files.items() if name.startswith("files/fees/")]
    assert hashlib.sha256(content).hexdigest() == statement.document_sha256 and statement.number in name


def test_the_fees_part_reads_a_fixed_number_of_queries(fees, stored_files):
    fees.agree()
    fees.record()
    _accepted(fees, fees.last_month)
    admin = provider_staff(Role.ADMINISTRATOR, fees.mediator.user.memberships.get().organisation)

    def queries() -> int:
        acting = User.objects.get(pk=admin.pk)
        with CaptureQueriesContext(connection) as captured:
            _export(acting, fees)
        return len(captured)

    first = queries()
    fees.record("write_up", 30, day=timezone.localdate())
    _accepted(fees, timezone.localdate())
    assert queries() == first
