"""A family asks online: one question per page, told their dates, e-mail checked by a code."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.models import Case
from sendresolve.clock import CaseEvents, compute_deadlines
from sendresolve.clock.output import long_date
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.factories import organisation, person

pytestmark = pytest.mark.django_db


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def answer_mediation(client, la, sent, sections=("B", "F"), letter=None, decision="plan_contents",
                     health="Speech and language therapy each week"):
    """The online request for mediation; a decision about a plan's contents is asked which sections, any other
    what the family wants instead."""
    about_the_plan = decision in ("plan_contents", "refusal_to_amend")
    steps = [
        ("who", {"rights_holder": "parent"}),
        ("about", {"about": "decision"}),
        ("decision", {"decision_type": decision}),
        ("sent", date_fields("sent_on", sent)),
        ("letter", {"letter": letter} if letter else {}),
        ("sections", {"sections": list(sections)}) if about_the_plan else
        ("wanted", {"wanted": "Carry out an EHC needs assessment"}),
        *([("health", {"health_provision_wanted": health})] if about_the_plan and "G" in sections else []),
        ("child", {"child_name": "Sam Collins", **date_fields("child_date_of_birth", timezone.localdate().replace(
            year=2016))}),
        ("authority", {"local_authority": la.pk}),
        ("contact", {"family_name": "Sarah Collins", "family_email": "Sarah@Example.test"}),
    ]
    for slug, data in steps:
        response = client.post(f"/request/{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    return response


def sent_code():
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    return re.search(r"^(\d{6})$", mail.outbox[-1].body, re.M).group(1)


def test_a_parent_asks_for_mediation_and_is_told_their_dates(client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY, name="Northshire County Council")
    sent = timezone.localdate() - timedelta(days=10)
    assert answer_mediation(client, la, sent)["Location"] == "/request/check/"
    check = client.get("/request/check/").content.decode()
    expected = {d.rule.id: d.due for d in compute_deadlines(CaseEvents(notice_sent=sent))}
    assert f"contact the mediation adviser by <strong>{long_date(expected['T1'])}" in check
    assert f"5pm on {long_date(expected['T9'])}" in check
    assert "you need a <strong>mediation certificate" in check.replace("You need", "you need")
    assert client.post("/request/check/")["Location"] == "/request/confirm/"
    wrong = client.post("/request/confirm/", {"code": "000000"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    assert Case.objects.count() == 0
    assert client.post("/request/confirm/", {"code": sent_code()})["Location"] == "/request/done/"
    case = Case.objects.get()
    assert (case.kind, case.contact_method, case.decision.sent_on, case.placement_only) == (
        "mediation", "online", sent, False)
    family = case.participants.get(role="rights_holder")
    assert family.email == "sarah@example.test" and family.user.email == "sarah@example.test"
    done = client.get("/request/done/").content.decode()
    assert case.reference in done
    assert client.get(f"/cases/{case.reference}/").status_code == 200  # signed in to see it


def test_a_section_i_only_request_is_told_no_certificate_is_needed(client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    answer_mediation(client, la, timezone.localdate() - timedelta(days=3), sections=("I",))
    check = client.get("/request/check/").content.decode()
    assert "you do not need a mediation certificate" in check
    assert "contact the mediation adviser by" not in check  # T1 does not apply


def test_questions_keep_what_was_typed_and_say_what_is_wrong(client):
    client.post("/request/who/", {"rights_holder": "parent"})
    client.post("/request/about/", {"about": "decision"})
    client.post("/request/decision/", {"decision_type": "plan_contents"})
    future = timezone.localdate() + timedelta(days=5)
    response = client.post("/request/sent/", date_fields("sent_on", future))
    assert response.status_code == 200
    page = response.content.decode()
    assert "must be today or in the past" in page and "govuk-error-summary" in page
    assert f'value="{future.year}"' in page
    impossible = client.post("/request/sent/", {"sent_on_0": 30, "sent_on_1": 2, "sent_on_2": 2026})
    assert "govuk-error-message" in impossible.content.decode()


def test_pages_cannot_be_skipped(client):
    assert client.get("/request/contact/")["Location"] == "/request/who/"
    assert client.get("/request/check/")["Location"] == "/request/who/"


def test_a_disagreement_with_a_school_becomes_a_dr_request(client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    for slug, data in [
        ("who", {"rights_holder": "young_person"}), ("about", {"about": "other"}),
        ("other-party", {"other_party": "college", "description": "No support in lessons"}),
        ("child", {"child_name": "Ava Patel", **date_fields("child_date_of_birth", timezone.localdate().replace(
            year=2008))}),
        ("authority", {"local_authority": la.pk}),
        ("contact", {"family_name": "Ava Patel", "family_email": "ava@example.test"}),
    ]:
        assert client.post(f"/request/{slug}/", data).status_code == 302, slug
    assert "disagreement resolution" in client.get("/request/check/").content.decode()
    client.post("/request/check/")
    client.post("/request/confirm/", {"code": sent_code()})
    case = Case.objects.get()
    assert case.kind == "dr" and case.rights_holder == "young_person"
    assert case.issues.get().other_party == "college"


def test_a_staff_address_is_not_turned_into_a_family_account(client):
    officer = person(Role.CASE_OFFICER, email="officer@example.test")
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    answer_mediation(client, la, timezone.localdate() - timedelta(days=3))
    client.post("/request/contact/", {"family_name": "A Parent", "family_email": officer.email})
    client.post("/request/check/")
    client.post("/request/confirm/", {"code": sent_code()})
    case = Case.objects.get()
    assert case.participants.get(role="rights_holder").user is None
    assert not officer.memberships.filter(role=Role.FAMILY_MEMBER).exists()


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _to_letter_page(client):
    client.post("/request/who/", {"rights_holder": "parent"})
    client.post("/request/about/", {"about": "decision"})
    client.post("/request/decision/", {"decision_type": "refusal_to_assess"})
    client.post("/request/sent/", date_fields("sent_on", timezone.localdate() - timedelta(days=2)))


@pytest.mark.parametrize("name, content, problem", [
    ("letter.pdf", b"This is not really a PDF", "must be a PDF, JPG or PNG"),
    ("letter.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "smaller than 10 MB"),
])
def test_a_letter_of_the_wrong_type_or_too_big_is_refused(client, name, content, problem):
    _to_letter_page(client)
    response = client.post("/request/letter/", {"letter": _upload(name, content)})
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert "letter_id" not in client.session["family_request"]


def test_an_uploaded_letter_is_kept_privately_and_only_the_case_can_reach_it(client, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    pdf = b"%PDF-1.4\n% the decision letter\n"
    answer_mediation(client, la, timezone.localdate() - timedelta(days=4), letter=_upload("Decision.pdf", pdf))
    client.post("/request/check/")
    client.post("/request/confirm/", {"code": sent_code()})
    case = Case.objects.get()
    letter = case.letters.get()
    assert (letter.original_name, letter.content_type, letter.size) == ("Decision.pdf", "application/pdf", len(pdf))
    assert "Decision" not in letter.file.name  # stored under a random name
    url = f"/cases/{case.reference}/letters/{letter.pk}/"
    response = client.get(url)  # the family, signed in by sending the request
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    client.logout()
    client.force_login(person(Role.FAMILY_MEMBER))
    assert client.get(url).status_code == 404


def test_the_first_question_is_rendered_once_for_everyone_and_each_visitor_keeps_their_own_csrf_token():
    from django.test import Client

    def form_and_token(client):
        page = client.get("/request/").content.decode()
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", page), tokens[-1]

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page, first_token = form_and_token(first)
    second_page, second_token = form_and_token(second)
    assert first_page == second_page and 'name="rights_holder"' in first_page
    assert first_token != second_token
    assert second.post("/request/", {"rights_holder": "parent", "csrfmiddlewaretoken": second_token}).status_code == 302
    assert second.post("/request/", {"rights_holder": "parent", "csrfmiddlewaretoken": "x" * 64}).status_code == 403
    answered = second.get("/request/who/").content.decode()  # an answered question shows the visitor's own answer
    assert re.search(r'value="parent"[^>]*checked', answered)
