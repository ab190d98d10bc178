"""The edges of the law a family or officer meets, walked in Chromium (legal review L2, L4, L5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.clock import CaseEvents, compute_deadlines
from sendresolve.clock.output import long_date
from tests.browser.steps import fill_date, request_online
from tests.factories import organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_family_past_its_contact_date_is_told_plainly_and_can_still_ask(page, live_server, pages_checked):
    organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    sent = timezone.localdate() - timedelta(days=80)
    dates = {d.rule.id: d.due for d in compute_deadlines(CaseEvents(notice_sent=sent))}
    request_online(page, live_server, pages_checked, decision="Decision to cease to maintain an EHC plan",
                   sent_on=sent, local_authority="Northshire County Council", name="Priya Patel",
                   email="priya.patel@example.test", wanted="Keep my daughter's plan",
                   child=("Ava Patel", date(2011, 2, 3)))
    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text(f"The last day to contact the mediation adviser was {long_date(dates['T1'])}")
    expect(warning).to_contain_text("That date has passed")
    expect(page.get_by_text("Send your request anyway")).to_be_visible()
    expect(page.get_by_text("the SEND Tribunal has to agree to hear your appeal")).to_be_visible()
    expect(page.get_by_text("Sending this request does that")).to_have_count(0)
    pages_checked.check(page)


def test_a_health_only_mediation_tells_the_icb_and_runs_the_icb_s_30_days(page, live_server, pages_checked,
                                                                          smtp_sink):
    from sendresolve.accounts.roles import Role
    from sendresolve.cases.models import Case
    from sendresolve.notifications.delivery import outbox_deliver
    from sendresolve.notifications.models import OutboundEmail
    from tests.browser.test_case_journeys import _sign_in_staff
    from tests.factories import person

    icb = organisation(OrganisationKind.ICB, name="Southshire ICB")
    icb.contact_email = "send@southshire-icb.example.test"
    icb.save()
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Southshire County Council")
    la.icb, la.contact_email = icb, "sen@southshire.example.test"
    la.save()
    officer = person(Role.CASE_OFFICER, totp=True)
    today = timezone.localdate()
    sent = today - timedelta(days=9)

    _sign_in_staff(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Mediation", exact=True).check()
    page.get_by_label("Local authority", exact=True).select_option(label="Southshire County Council")
    page.get_by_label("Child or young person's full name").fill("Noah Evans")
    fill_date(page, "child_date_of_birth", date(2014, 9, 1))
    page.get_by_label("Their full name").fill("Megan Evans")
    page.get_by_label("Their e-mail address").fill("megan.evans@example.test")
    fill_date(page, "contacted_on", today)
    page.get_by_label("The local authority's decision").select_option("plan_contents")
    fill_date(page, "letter_dated", sent)
    fill_date(page, "sent_on", sent)
    page.get_by_label("Section G: health provision").check()
    page.get_by_role("button", name="Save the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what health provision the family wants")
    pages_checked.check(page)
    page.get_by_label("The health provision the family wants").fill("Physiotherapy twice a week")
    page.get_by_role("button", name="Save the request").click()
    expect(page.locator("h1")).to_contain_text("Case SR-")
    expect(page.get_by_role("definition").filter(has_text="Southshire ICB")).to_be_visible()  # the area ICB

    page.get_by_role("link", name="Record the adviser's information").click()
    fill_date(page, "given_on", today)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Family wants mediation", exact=True).click()
    page.get_by_role("button", name="Save: family wants mediation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved")
    case = Case.objects.get()
    t4c = case.deadlines.get(rule="T4c")
    assert t4c.due == today + timedelta(days=30) and case.deadlines.get(rule="T3").met_on == today
    expect(page.get_by_text(long_date(t4c.due)).first).to_be_visible()
    expect(page.get_by_text("ICB told: Southshire ICB")).to_be_visible()
    pages_checked.check(page)
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    [notice] = [m for m in smtp_sink.messages if m["To"] == "send@southshire-icb.example.test"]
    body = next(p for p in notice.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "Section G: health provision" in body and "Physiotherapy twice a week" in body
    assert long_date(t4c.due) in body


def test_on_day_31_the_family_is_offered_its_certificate_and_mediation_goes_on(page, live_server, pages_checked,
                                                                                 smtp_sink):
    from sendresolve.accounts.roles import Role
    from sendresolve.cases.clockwork import case_store_deadlines
    from sendresolve.cases.deemed import deemed_certificates_offer
    from sendresolve.cases.models import Case
    from sendresolve.notifications.delivery import outbox_deliver
    from sendresolve.notifications.models import OutboundEmail
    from tests.browser.test_case_journeys import _sign_in_staff
    from tests.factories import arranging_case, person

    officer = person(Role.CASE_OFFICER, totp=True)
    case = arranging_case(officer=officer, family_email="kate.turner@example.test")
    asked = timezone.localdate() - timedelta(days=31)  # set-up: the family asked 31 days ago
    Case.objects.filter(pk=case.pk).update(la_received_request=asked, mediation_asked_on=asked)
    case.refresh_from_db()
    case_store_deadlines(case)
    assert deemed_certificates_offer() == 1  # what the worker's sweep does each day
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    [offer] = [m for m in smtp_sink.messages if m["To"] == "kate.turner@example.test"
               and "certificate now" in m["Subject"]]
    body = next(p for p in offer.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "You can now have your mediation certificate" in body and "still arranging" in body

    _sign_in_staff(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    expect(page.get_by_text("Mediation could not be arranged within 30 days").first).to_be_visible()
    pages_checked.check(page)
    page.get_by_role("button", name="Issue the certificate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Certificate MC-")
    expect(page.get_by_text("Meeting being arranged").first).to_be_visible()
    page.get_by_role("link", name="Arrange the meeting").click()
    expect(page.locator("h1")).to_contain_text("Arrange")
    pages_checked.check(page)
