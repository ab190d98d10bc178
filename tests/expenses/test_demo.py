"""The demo shows a month of families' expenses for each LA: claims waiting, decided line by line with reasons,
reviewed and paid, under each LA's own policy."""

import pytest
from django.test import Client

from sendresolve.accounts.models import User
from sendresolve.expenses.models import ExpenseClaim
from sendresolve.portal.demo import demo_load
from tests.factories import signed_in_with_mfa

pytestmark = pytest.mark.django_db


def test_each_demo_la_has_a_month_of_expenses(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    demo_load()
    made = ExpenseClaim.objects.exclude(declaration__startswith="The costs are true")  # the billing demo's own
    statuses = {(claim.paying_body.name, claim.status) for claim in made.select_related("paying_body")}
    assert statuses == {("Northshire County Council", "paid"), ("Northshire County Council", "submitted"),
                        ("Riverside Borough Council", "paid"), ("Eastvale City Council", "review_requested")}
    riverside = made.get(paying_body__name="Riverside Borough Council")
    assert riverside.payment_route == "la_pays_family" and riverside.lines.get(category="taxi").decision_reason
    officer = signed_in_with_mfa(Client(), User.objects.get(email="la.officer@demo.sendresolve.test"))
    assert "Expense claim to decide" in officer.get("/home/").content.decode()
    family_side = made.get(status="submitted")
    assert "Kate Turner" in officer.get(f"/expenses/{family_side.reference}/").content.decode()
