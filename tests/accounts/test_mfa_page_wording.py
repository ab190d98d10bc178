"""The sign-in security pages as a new staff member meets them: each has its own title, in sentence case and plain
English, and nothing says they are signed in before their authenticator code is given."""

import re

import pytest
from django.test import RequestFactory

from sendresolve.accounts.roles import Role
from tests.factories import PASSWORD, person, totp_code

pytestmark = pytest.mark.django_db

# allauth's own wording, which the project's templates replace.
ALLAUTH_WORDING = ("Two-Factor Authentication", "Authenticator App", "Recovery Codes", "Please reauthenticate",
                   "Confirm Access", "Trust this Browser", "Please")


def title(response) -> str:
    return re.search(r"<title>\s*(.*?)\s*</title>", response.content.decode(), re.S).group(1)


def h1(response) -> str:
    return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", response.content.decode(), re.S).group(1)


def page(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code, response.get("Location"))
    return response


def page_after_confirming(client, path):
    """The page at `path`, confirming it is them with their password first if the service asks."""
    asked = client.get(path)
    if asked.status_code == 302:
        assert asked["Location"].startswith("/accounts/reauthenticate/"), asked["Location"]
        confirm = page(client, asked["Location"])
        assert title(confirm) == "Confirm it is you – SEND Resolve"
        assert h1(confirm) == "Confirm it is you"
        assert_plain_wording(confirm)
        assert client.post(asked["Location"], {"password": PASSWORD})["Location"] == path
    return page(client, path)


def assert_plain_wording(response) -> None:
    content = response.content.decode()
    for words in ALLAUTH_WORDING:
        assert words not in content, f"{response.request['PATH_INFO']} says {words!r}"


def test_a_new_staff_member_sets_up_their_authenticator_on_pages_with_their_own_titles(client):
    officer = person(Role.CASE_OFFICER)
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})

    activate = page(client, "/accounts/2fa/totp/activate/")
    assert title(activate) == "Set up your authenticator app – SEND Resolve"
    assert h1(activate) == "Set up your authenticator app"
    assert_plain_wording(activate)
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z0-9]+)"', activate.content.decode()).group(1)
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "123456"})
    assert wrong.status_code == 200
    assert title(wrong) == "Error: Set up your authenticator app – SEND Resolve"
    assert client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})["Location"] == (
        "/accounts/2fa/recovery-codes/")

    codes = page_after_confirming(client, "/accounts/2fa/recovery-codes/")
    assert title(codes) == "Your recovery codes – SEND Resolve"
    assert h1(codes) == "Your recovery codes"
    assert "You have 10 of 10 recovery codes left." in codes.content.decode()
    assert_plain_wording(codes)

    security = page(client, "/accounts/2fa/")
    assert title(security) == "Sign-in security – SEND Resolve"
    assert h1(security) == "Sign-in security"
    cards = re.findall(r'<h2 class="govuk-summary-card__title">\s*(.*?)\s*</h2>', security.content.decode(), re.S)
    assert cards == ["Authenticator app", "Recovery codes"]
    assert_plain_wording(security)

    generate = page_after_confirming(client, "/accounts/2fa/recovery-codes/generate/")
    assert title(generate) == "Make new recovery codes – SEND Resolve"
    assert h1(generate) == "Make new recovery codes"
    assert title(generate) != title(codes)
    assert_plain_wording(generate)
    assert client.post("/accounts/2fa/recovery-codes/generate/")["Location"] == "/accounts/2fa/recovery-codes/"

    remove = page_after_confirming(client, "/accounts/2fa/totp/deactivate/")
    assert title(remove) == "Remove your authenticator app – SEND Resolve"
    assert h1(remove) == "Remove your authenticator app"
    assert_plain_wording(remove)


def test_confirming_it_is_you_reads_the_same_with_a_password_or_an_authenticator_code(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)})
    for path in ("/accounts/reauthenticate/", "/accounts/2fa/reauthenticate/"):
        confirm = page(client, path)
        assert title(confirm) == "Confirm it is you – SEND Resolve"
        assert h1(confirm) == "Confirm it is you"
        assert "For your security, confirm it is you before you change how you sign in." in confirm.content.decode()
        assert_plain_wording(confirm)
    wrong = client.post("/accounts/reauthenticate/", {"password": "not-the-password"})
    assert wrong.status_code == 200
    assert title(wrong) == "Error: Confirm it is you – SEND Resolve"


def test_the_trust_this_browser_page_is_in_sentence_case():
    """Not reachable here (allauth's MFA_TRUST_ENABLED is off), so its template is rendered as allauth would."""
    from django.contrib.auth.models import AnonymousUser
    from django.forms import Form
    from django.template.loader import render_to_string
    from django.utils import timezone

    request = RequestFactory().get("/accounts/2fa/trust/")
    request.user = AnonymousUser()
    now = timezone.now()
    html = render_to_string("mfa/trust.html", {"form": Form(), "trust_from": now, "trust_until": now}, request)
    assert "<title>Trust this browser? – SEND Resolve</title>" in html
    assert re.search(r'<h1 class="govuk-heading-l">\s*Trust this browser\?\s*</h1>', html)
    for words in ALLAUTH_WORDING + ("Don't Trust",):
        assert words not in html


def test_nothing_says_signed_in_after_the_password_until_the_code_is_given(client):
    officer = person(Role.CASE_OFFICER, totp=True)
    after_password = client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD}, follow=True)
    assert after_password.redirect_chain == [("/accounts/2fa/authenticate/", 302)]
    assert h1(after_password) == "Enter the code from your authenticator app"
    assert "Successfully signed in" not in after_password.content.decode()
    assert "signed in as" not in after_password.content.decode()

    home = client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)}, follow=True)
    assert h1(home) == "Home"
    assert "Successfully signed in" not in home.content.decode()


def test_messages_still_show_on_the_sign_in_pages(client):
    """The control for the test above: a message given during sign-in is shown on the next page."""
    newcomer = person(Role.CASE_OFFICER)
    after_password = client.post("/accounts/login/", {"login": newcomer.email, "password": PASSWORD}, follow=True)
    content = after_password.content.decode()
    assert "Set up an authenticator app to finish signing in." in content
    assert "Successfully signed in" not in content


def test_the_sign_in_page_offers_one_forgotten_password_link(client):
    sign_in = page(client, "/accounts/login/")
    content = sign_in.content.decode()
    assert h1(sign_in) == "Sign in"
    assert content.count("Forgotten your password?") == 1
    assert '<a class="govuk-link" href="/accounts/password/reset/">Forgotten your password?</a>' in content
    assert "Forgot your password?" not in content
    assert not re.search(r'<div class="govuk-hint"[^>]*>\s*</div>', content), "an empty hint"
    assert "id_password-hint" not in content
    refused = client.post("/accounts/login/", {"login": "nobody@example.test", "password": "x"})
    assert refused.status_code == 200
    assert refused.content.decode().count("Forgotten your password?") == 1
    assert "Forgot your password?" not in refused.content.decode()
