"""Cases through the real pages: a case officer takes a phone request to a certificate; the family
downloads it; anyone can verify it. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import Case
from sendresolve.clock.output import long_date
from tests.factories import PASSWORD, organisation, person, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in_staff(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_code(user.totp_secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Home")


def _fill_date(page, name: str, day) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_a_phone_request_becomes_a_declined_certificate_the_family_downloads_and_anyone_verifies(
        page, live_server, pages_checked, smtp_sink):
    from datetime import date, timedelta

    organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    officer = person(Role.CASE_OFFICER, totp=True)
    family_email = "sarah.collins@example.test"  # the family has no account: entered by phone
    today = timezone.localdate()
    sent = today - timedelta(days=12)

    _sign_in_staff(page, live_server, officer)
    page.get_by_role("link", name=re.compile("^Cases")).click()
    expect(page.locator("h1")).to_have_text("Cases and what is due")
    pages_checked.check(page)
    page.get_by_role("link", name="Enter a new request").click()
    pages_checked.check(page)

    # A bad date is refused with a GOV.UK error, and what was typed is kept.
    page.get_by_label("Mediation", exact=True).check()
    page.get_by_label("Child or young person's full name").fill("Sam Collins")
    page.locator("#id_child_date_of_birth_0").fill("30")
    page.locator("#id_child_date_of_birth_1").fill("2")
    page.locator("#id_child_date_of_birth_2").fill("2016")
    page.get_by_role("button", name="Save the request").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    expect(page.get_by_label("Child or young person's full name")).to_have_value("Sam Collins")
    pages_checked.check(page)

    page.get_by_label("Local authority", exact=True).select_option(label="Northshire County Council")
    _fill_date(page, "child_date_of_birth", date(2016, 5, 4))
    page.get_by_label("Their full name").fill("Sarah Collins")
    page.get_by_label("Their e-mail address").fill(family_email)
    _fill_date(page, "contacted_on", today)
    page.get_by_label("The local authority's decision").select_option("refusal_to_assess")
    _fill_date(page, "letter_dated", sent)
    _fill_date(page, "sent_on", sent)
    # Legal review L1: the parent wants a special school, so Section I is ticked; a refusal to assess still
    # needs a certificate (only an appeal about a plan's Section I alone does not).
    page.get_by_label("Section I: school or other institution").check()
    page.get_by_label("What does the family want the local authority to do instead?").fill(
        "An EHC needs assessment, and a special school place")
    page.get_by_role("button", name="Save the request").click()
    expect(page.locator("h1")).to_contain_text("Case SR-")
    expect(page.get_by_text("no certificate is needed")).to_have_count(0)
    pages_checked.check(page)
    case = Case.objects.get()
    assert not case.placement_only
    t1 = case.deadlines.get(rule="T1")
    expect(page.get_by_text(long_date(t1.due)).first).to_be_visible()

    page.get_by_role("link", name="Record the adviser's information").click()
    pages_checked.check(page)
    _fill_date(page, "given_on", today)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("adviser's information is recorded")

    page.get_by_text("Family does not want mediation", exact=True).click()
    page.get_by_role("button", name="Save: family does not want mediation").click()
    expect(page.get_by_text("Certificate requested (mediation not wanted)")).to_be_visible()
    t2 = case.deadlines.get(rule="T2")
    expect(page.get_by_text(long_date(t2.due)).first).to_be_visible()
    pages_checked.check(page)
    page.get_by_role("button", name="Issue the certificate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Certificate MC-")
    certificate = case.certificates.get()
    page.get_by_role("button", name="Sign out").click()

    # The family receives the certificate attached, signs in by a code e-mailed to it, and downloads the same bytes.
    import hashlib

    from tests.browser.test_meeting_journey import _deliver_all, _sign_in_family

    page.context.clear_cookies()
    _deliver_all()
    [e_mail] = [m for m in smtp_sink.messages if m["To"] == family_email and certificate.number in m["Subject"]]
    [attached] = [part.get_payload(decode=True) for part in e_mail.walk()
                  if part.get_content_type() == "application/pdf"]
    _sign_in_family(page, live_server, family_email, smtp_sink)
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    pages_checked.check(page)
    expect(page.get_by_text(f"Appeal by 5pm on {long_date(certificate.appeal_deadline)}")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Download certificate {certificate.number} (PDF)").click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and pdf == attached

    # Anyone can check it.
    page.goto(f"{live_server.url}/verify/")
    pages_checked.check(page)
    page.get_by_label("Certificate number").fill(certificate.number)
    _fill_date(page, "date_of_birth", date(2016, 5, 4))
    page.get_by_role("button", name="Check the certificate").click()
    expect(page.get_by_role("heading", name="Valid")).to_be_visible()
    expect(page.locator("#fingerprint")).to_have_text(hashlib.sha256(pdf).hexdigest())
    pages_checked.check(page)


def test_asking_to_mediate_with_a_health_issue_tells_the_la_and_the_icb_and_starts_the_30_days(
        page, live_server, pages_checked, smtp_sink):
    from datetime import timedelta

    from sendresolve.cases import services
    from sendresolve.notifications.delivery import outbox_deliver
    from sendresolve.notifications.models import OutboundEmail
    from tests.factories import mediation_case

    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Riverside Borough Council")
    la.contact_email = "send@riverside.example.test"
    la.save()
    icb = organisation(OrganisationKind.ICB, name="Riverside ICB")
    icb.contact_email = "send@icb.example.test"
    icb.save()
    officer = person(Role.CASE_OFFICER, totp=True)
    case = mediation_case(local_authority=la, sections=("F", "G"), other_parties=[icb], acting_user=officer)
    today = timezone.localdate()
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")

    _sign_in_staff(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    page.get_by_text("Family wants mediation", exact=True).click()
    page.get_by_role("button", name="Save: family wants mediation").click()
    expect(page.get_by_text("Mediation requested: LA told")).to_be_visible()
    pages_checked.check(page)
    arrange_by = today + timedelta(days=30)
    expect(page.get_by_text(long_date(arrange_by)).first).to_be_visible()

    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    received = {message["To"]: message for message in smtp_sink.messages}
    la_text = next(p for p in received["send@riverside.example.test"].walk()
                   if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert long_date(arrange_by) in la_text and "regulation 35" in la_text
    assert "send@icb.example.test" in received

    page.get_by_role("link", name=re.compile("^Cases")).click()
    row = page.locator("tr", has_text=case.reference).filter(has_text="Arrange one mediation")
    expect(row).to_contain_text(long_date(arrange_by))
    pages_checked.check(page)


def test_a_disagreement_with_a_school_is_entered_and_goes_to_arranging(page, live_server, pages_checked):
    from datetime import date

    organisation(OrganisationKind.LOCAL_AUTHORITY, name="Eastvale City Council")
    officer = person(Role.CASE_OFFICER, totp=True)
    today = timezone.localdate()
    _sign_in_staff(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Disagreement resolution", exact=True).check()
    page.get_by_label("Local authority", exact=True).select_option(label="Eastvale City Council")
    page.get_by_label("Child or young person's full name").fill("Ethan Clarke")
    _fill_date(page, "child_date_of_birth", date(2013, 6, 1))
    page.get_by_label("Their full name").fill("Olivia Clarke")
    page.get_by_label("Their phone number").fill("01632 960 123")
    _fill_date(page, "contacted_on", today)
    page.get_by_label("Who is the disagreement with?").select_option("school")
    page.get_by_label("What is the disagreement about?").fill("The support in lessons is not being given")
    page.get_by_role("button", name="Save the request").click()
    expect(page.locator("h1")).to_contain_text("Case SR-")
    expect(page.get_by_text("No statutory dates yet.")).to_be_visible()
    pages_checked.check(page)
    page.get_by_text("All parties agree to take part", exact=True).click()
    page.get_by_role("button", name="Save: all parties agree to take part").click()
    expect(page.get_by_text("All parties agreed to take part").first).to_be_visible()
    page.get_by_text("Start arranging the meeting", exact=True).click()
    page.get_by_role("button", name="Save: start arranging the meeting").click()
    expect(page.locator(".govuk-tag--blue")).to_have_text("Meeting being arranged")
    pages_checked.check(page)
    case = Case.objects.get()
    assert (case.kind, case.state, case.issues.get().other_party) == ("dr", "arranging", "school")


def test_an_officer_corrects_a_case_wrongly_recorded_as_needing_no_certificate(page, live_server, pages_checked):
    from datetime import timedelta

    from sendresolve.cases import services
    from tests.factories import mediation_case

    officer = person(Role.CASE_OFFICER, totp=True)
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Eastvale City Council")
    today = timezone.localdate()
    case = mediation_case(local_authority=la, sections=("I",), decision_type="plan_contents", acting_user=officer,
                          sent_on=today - timedelta(days=15))
    services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
    services.case_record_no_certificate_needed(acting_user=officer, case=case, on=today)

    _sign_in_staff(page, live_server, officer)
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    expect(page.get_by_text("Only the school named: no certificate is needed to appeal.")).to_be_visible()
    page.get_by_role("link", name="Correct the decision and what is in dispute").click()
    expect(page.locator("h1")).to_have_text("Correct the decision and what is in dispute")
    pages_checked.check(page)
    page.get_by_label("Refusal to carry out an EHC needs assessment").check()
    page.get_by_label("Section I: school or other institution").uncheck()
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the family wants")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the case is being corrected")
    pages_checked.check(page)
    page.get_by_label("What does the family want the local authority to do instead?").fill("An EHC needs assessment")
    page.get_by_label("Why is it being corrected?").fill("The letter refused an assessment; there is no plan yet")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Corrected")
    expect(page.get_by_text("Only the school named")).to_have_count(0)
    t1 = case.deadlines.get(rule="T1")
    expect(page.get_by_text(long_date(t1.due)).first).to_be_visible()
    page.get_by_text("Family does not want mediation", exact=True).click()
    page.get_by_role("button", name="Save: family does not want mediation").click()
    page.get_by_role("button", name="Issue the certificate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Certificate MC-")
    pages_checked.check(page)
