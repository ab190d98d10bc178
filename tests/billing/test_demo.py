"""The demo shows a month of money for each demo LA: last month's invoice with a certificate-only case, a mediation
held over two sessions, a late cancellation by the LA, a deemed certificate and the family's approved parking;
Northshire's issued (its officer sees it), the others waiting for review on the case officer's home page."""

import pytest
from django.test import Client
from django.urls import reverse

from sendresolve.accounts.models import User
from sendresolve.billing.models import Invoice
from sendresolve.portal.demo import demo_load
from tests.factories import signed_in_with_mfa

pytestmark = pytest.mark.django_db


def test_each_demo_la_has_a_month_of_money(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    demo_load()
    invoices = {invoice.commissioner.name: invoice for invoice in Invoice.objects.select_related("commissioner")}
    assert set(invoices) == {"Northshire County Council", "Riverside Borough Council", "Eastvale City Council"}
    for invoice in invoices.values():
        # The rest of the demo's story may add lines of its own, depending on today's date.
        assert set(invoice.lines.values_list("code", flat=True)) >= {
            "ADVICE_CERT_ONLY", "DEEMED_CERT", "EXPENSES", "LATE_CANCEL_LA", "MEDIATION_CASE",
            "MEDIATION_EXTRA_SESSION", "MEETING"}
        assert invoice.total == sum(line.total for line in invoice.lines.all())
    assert invoices["Northshire County Council"].number == "INV-000001"
    assert invoices["Riverside Borough Council"].is_draft and invoices["Riverside Borough Council"].vat == 0  # exempt
    la_officer = signed_in_with_mfa(Client(), User.objects.get(email="la.officer@demo.sendresolve.test"))
    assert "INV-000001" in la_officer.get(reverse("invoice_list")).content.decode()
    officer = signed_in_with_mfa(Client(), User.objects.get(email="case.officer@demo.sendresolve.test"))
    assert officer.get(reverse("home")).content.decode().count("Draft invoice to review") == 2
