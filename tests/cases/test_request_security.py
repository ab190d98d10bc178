"""The online request as an attacker would use it: the code proves one address once, nobody is signed into an
account that already existed, and every way to send a lot (codes, requests, letters) is limited without losing
what the family typed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases.intake_services import family_request_check_code
from sendresolve.cases.models import Case, Participant, UnsentLetter
from sendresolve.notifications.delivery import outbox_deliver
from sendresolve.notifications.models import OutboundEmail
from tests.cases.test_family_request import _to_letter_page, _upload, answer_mediation
from tests.factories import mediation_case, organisation, person

pytestmark = pytest.mark.django_db


def codes_sent_to(address: str) -> list[str]:
    for message in OutboundEmail.objects.filter(status="pending"):
        outbox_deliver(message_id=message.pk)
    return [re.search(r"^(\d{6})$", m.body, re.M).group(1) for m in mail.outbox
            if m.to == [address] and m.subject.endswith("Your code to send your request")]


@pytest.fixture
def victim():
    """A family with an account and a case: the child's name and disability are what the attacker wants."""
    parent = person(Role.FAMILY_MEMBER, email="victim@example.test")
    case = mediation_case(family_email="victim@example.test")
    Participant.objects.filter(case=case, role="rights_holder").update(user=parent)
    return parent, case


def test_a_code_sent_to_one_address_does_not_confirm_another(client, victim):
    parent, case = victim
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    answer_mediation(client, la, timezone.localdate() - timedelta(days=5))
    client.post("/request/contact/", {"family_name": "Mallory", "family_email": "mallory@example.test"})
    assert client.post("/request/check/")["Location"] == "/request/confirm/"
    [code] = codes_sent_to("mallory@example.test")
    # Back to the contact page: the request is now from the victim's address, confirmed with the attacker's code.
    client.post("/request/contact/", {"family_name": "Mallory", "family_email": parent.email})
    response = client.post("/request/confirm/", {"code": code})
    assert response.status_code == 400
    assert "There is no code for this e-mail address" in response.content.decode()
    assert Case.objects.count() == 1  # the victim's only
    assert "_auth_user_id" not in client.session
    assert client.get(f"/cases/{case.reference}/").status_code == 302  # to sign-in: nobody is signed in


def test_a_code_works_once(client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    answer_mediation(client, la, timezone.localdate() - timedelta(days=5))
    client.post("/request/check/")
    [code] = codes_sent_to("sarah@example.test")
    session = client.session
    assert family_request_check_code(session=session, email="sarah@example.test", code=code) == "sarah@example.test"
    with pytest.raises(ValidationError, match="There is no code for this e-mail address"):
        family_request_check_code(session=session, email="sarah@example.test", code=code)


def test_sending_a_request_never_signs_into_an_account_that_already_existed(client, victim):
    parent, case = victim
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    answer_mediation(client, la, timezone.localdate() - timedelta(days=5))
    client.post("/request/contact/", {"family_name": "Sarah Collins", "family_email": parent.email})
    client.post("/request/check/")
    [code] = codes_sent_to(parent.email)
    assert client.post("/request/confirm/", {"code": code})["Location"] == "/request/done/"
    new_case = Case.objects.exclude(pk=case.pk).get()
    assert new_case.participants.get(role="rights_holder").user == parent  # the address was proved: theirs
    assert "_auth_user_id" not in client.session
    done = client.get("/request/done/").content.decode()
    assert new_case.reference in done and "sign in with a code sent to your e-mail" in done
    assert client.get(f"/cases/{case.reference}/").status_code == 302


def test_a_new_family_is_signed_in_to_its_new_account_only(client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    answer_mediation(client, la, timezone.localdate() - timedelta(days=5))
    client.post("/request/check/")
    [code] = codes_sent_to("sarah@example.test")
    client.post("/request/confirm/", {"code": code})
    case = Case.objects.get()
    assert client.get(f"/cases/{case.reference}/").status_code == 200
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(email="sarah@example.test").verified  # proved by the code


def test_a_fourth_code_for_one_request_is_refused_and_the_answers_are_kept(client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    answer_mediation(client, la, timezone.localdate() - timedelta(days=5))
    assert [client.post("/request/check/").status_code for _ in range(3)] == [302, 302, 302]
    refused = client.post("/request/check/")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "You have asked for 3 codes for this request" in page and "Your answers are kept" in page
    assert "govuk-error-summary" in page and "Sam Collins" in page  # the answers are still there to check
    assert len(codes_sent_to("sarah@example.test")) == 3


def test_codes_to_one_address_are_limited_across_requests(client):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    statuses = []
    for _ in range(3):
        browser = Client()  # a new session each time: a new request
        answer_mediation(browser, la, timezone.localdate() - timedelta(days=5))
        statuses += [browser.post("/request/check/").status_code for _ in range(2)]
    assert statuses == [302] * 5 + [429]
    assert len(codes_sent_to("sarah@example.test")) == 5


def test_codes_from_one_connection_are_limited_whatever_the_address(settings):
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    statuses = []
    for number in range(21):
        browser = Client(REMOTE_ADDR="198.51.100.7")
        answer_mediation(browser, la, timezone.localdate() - timedelta(days=5))
        browser.post("/request/contact/", {"family_name": "X", "family_email": f"person{number}@example.test"})
        statuses.append(browser.post("/request/check/").status_code)
    assert statuses == [302] * 20 + [429]
    other = Client(REMOTE_ADDR="198.51.100.8")
    answer_mediation(other, la, timezone.localdate() - timedelta(days=5))
    assert other.post("/request/check/").status_code == 302  # another connection is not held up


def test_requests_sent_from_one_address_are_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "family_request_code": "100/h/key"}
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    outcomes = []
    for _ in range(6):
        browser = Client()
        answer_mediation(browser, la, timezone.localdate() - timedelta(days=5))
        browser.post("/request/check/")
        code = codes_sent_to("sarah@example.test")[-1]
        outcomes.append(browser.post("/request/confirm/", {"code": code}).status_code)
    assert outcomes == [302] * 5 + [429]
    assert Case.objects.count() == 5


def unsent_letters_remove(*, now) -> int:
    """The retention table's entry for letters of requests never sent, as its daily run applies it."""
    from sendresolve.privacy.retention import entry_apply
    from sendresolve.privacy.retention_table import TABLE

    return entry_apply(next(entry for entry in TABLE if entry.key == "unsent_letters"), now=now)


def test_a_replaced_letter_and_an_unsent_one_are_removed(client, settings, tmp_path,
                                                        django_capture_on_commit_callbacks):

    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    _to_letter_page(client)
    client.post("/request/letter/", {"letter": _upload("first.pdf", b"%PDF-1.4\nfirst\n")})
    first = UnsentLetter.objects.get()
    client.post("/request/letter/", {"letter": _upload("second.pdf", b"%PDF-1.4\nsecond\n")})
    second = UnsentLetter.objects.get()
    assert second.original_name == "second.pdf"
    assert not (tmp_path / first.file.name).exists() and (tmp_path / second.file.name).exists()
    assert unsent_letters_remove(now=timezone.now() + timedelta(hours=23)) == 0
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row's removal commits
        assert unsent_letters_remove(now=timezone.now() + timedelta(hours=25)) == 1
    assert not UnsentLetter.objects.exists() and not (tmp_path / second.file.name).exists()


def test_a_sent_letter_is_the_case_s_and_not_removed(client, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
    la = organisation(OrganisationKind.LOCAL_AUTHORITY)
    answer_mediation(client, la, timezone.localdate() - timedelta(days=4),
                     letter=_upload("Decision.pdf", b"%PDF-1.4\nletter\n"))
    client.post("/request/check/")
    client.post("/request/confirm/", {"code": codes_sent_to("sarah@example.test")[-1]})
    assert unsent_letters_remove(now=timezone.now() + timedelta(days=3)) == 0
    letter = Case.objects.get().letters.get()
    assert (tmp_path / letter.file.name).read_bytes() == b"%PDF-1.4\nletter\n"


def test_uploads_from_one_connection_are_limited_and_the_page_says_what_to_do(client):
    _to_letter_page(client)
    statuses = [client.post("/request/letter/", {"letter": _upload("l.pdf", b"%PDF-1.4\n")}).status_code
                for _ in range(21)]
    assert statuses[:20] == [302] * 20 and statuses[20] == 429
    assert UnsentLetter.objects.count() == 1  # each upload replaced the one before
    page = client.post("/request/letter/", {"letter": _upload("l.pdf", b"%PDF-1.4\n")}).content.decode()
    assert "Continue without the letter" in page

