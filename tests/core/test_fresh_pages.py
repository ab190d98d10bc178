"""The start page and first question are rendered once per process for fresh visitors, and each visitor still gets
a CSRF token of their own that their own form can be sent with."""

import re

import pytest
from django.test import Client

from tests.factories import person, signed_in_with_mfa

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def fresh_visitor() -> Client:
    return Client(enforce_csrf_checks=True)


def test_each_fresh_visitor_gets_their_own_token_and_can_send_the_first_answer_with_it():
    assert fresh_visitor().get("/request/").templates, "the first visitor's page is rendered"
    first, second = fresh_visitor(), fresh_visitor()
    pages = [first.get("/request/"), second.get("/request/")]
    assert not any(page.templates for page in pages), "later visitors are served the page kept by the first"
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in pages]
    assert tokens[0] != tokens[1]
    assert all("csrftoken" in page.cookies or any("csrf" in name for name in page.cookies) for page in pages)
    answered = second.post("/request/", {"csrfmiddlewaretoken": tokens[1], "rights_holder": "parent"})
    assert answered.status_code == 302, answered.content.decode()[:500]


def test_a_kept_page_with_another_visitors_token_is_refused():
    fresh_visitor().get("/request/")
    first, second = fresh_visitor(), fresh_visitor()
    first_token = TOKEN.search(first.get("/request/").content.decode()).group(1)
    second.get("/request/")
    refused = second.post("/request/", {"csrfmiddlewaretoken": first_token, "rights_holder": "parent"})
    assert refused.status_code == 403


def test_a_visitor_with_answers_sees_their_own_answers_not_the_kept_page():
    visitor = Client()
    visitor.get("/request/")
    visitor.post("/request/", {"rights_holder": "parent"})
    page = visitor.get("/request/").content.decode()
    assert re.search(r'value="parent"[^>]*checked', page), "their answer is shown as chosen"
    assert not re.search(r'value="parent"[^>]*checked', Client().get("/request/").content.decode())


def test_a_signed_in_person_sees_the_start_page_as_themselves():
    Client().get("/")  # kept for fresh visitors
    officer = person()
    client = Client()
    signed_in_with_mfa(client, officer)
    page = client.get("/").content.decode()
    assert "Sign out" in page
    assert "Sign out" not in Client().get("/").content.decode()
