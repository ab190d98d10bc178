"""The data protection pages decide who may use them before anything else: service managers and administrators of
the provider (with MFA) find people and export; only administrators correct and erase; nobody reaches a provider's
staff from another provider; bad input is a clear error that changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Participant
from sendresolve.privacy.erasure import person_erase
from sendresolve.privacy.export import subject_access_export
from sendresolve.privacy.subjects import Subject, subject_for
from tests.factories import organisation, person, signed_in_with_mfa
from tests.privacy.people import files_in, old_closed_case, provider_staff

__all__ = ["files_in"]
pytestmark = pytest.mark.django_db

FAMILY = "nadia.okoro@example.test"


@pytest.fixture
def world(files_in):
    case = old_closed_case(family_email=FAMILY)
    provider = organisation(OrganisationKind.PROVIDER)
    return {
        "case": case, "family": case.participants.get(role="rights_holder").user,
        "admin": provider_staff(Role.ADMINISTRATOR, provider),
        "manager": provider_staff(Role.SERVICE_MANAGER, provider),
        "officer": person(Role.CASE_OFFICER, provider, totp=True),
        "colleague": person(Role.MEDIATOR, provider, totp=True),
        "outsider": person(Role.MEDIATOR, organisation(OrganisationKind.PROVIDER), totp=True),
    }


def pages(key: str) -> dict[str, str]:
    base = f"/data-protection/people/{key}/"
    return {"find": "/data-protection/people/?q=okoro", "person": base, "correct": f"{base}correct/",
            "erase": f"{base}erase/"}


def test_who_reaches_which_page(world):
    key = f"u{world['family'].pk}"
    expected = {"admin": {"find": 200, "person": 200, "correct": 200, "erase": 200},
                "manager": {"find": 200, "person": 200, "correct": 404, "erase": 404},
                "officer": {"find": 404, "person": 404, "correct": 404, "erase": 404},
                "family": {"find": 404, "person": 404, "correct": 404, "erase": 404}}
    for who, answers in expected.items():
        client = signed_in_with_mfa(Client(), world[who])
        got = {page: client.get(url).status_code for page, url in pages(key).items()}
        assert got == answers, who
        export = client.post(f"/data-protection/people/{key}/export/")
        assert export.status_code == (200 if who in ("admin", "manager") else 404), who
        assert "no-store" in export["Cache-Control"], who
    assert signed_in_with_mfa(Client(), world["admin"]).get(f"/data-protection/people/{key}/export/").status_code == 405
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=world["admin"], target_id=str(
        world["family"].pk)).values_list("path", flat=True)
    assert sorted(reads) == sorted(url for page, url in pages(key).items() if page != "find")
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, target_id=str(world["family"].pk))
    assert sorted(exports.values_list("actor_label", flat=True)) == sorted([world["admin"].email,
                                                                           world["manager"].email])


def test_a_session_that_has_not_passed_mfa_exports_nothing(world):
    client = Client()
    client.force_login(world["admin"])  # password only: no authenticator code in this session
    response = client.post(f"/data-protection/people/u{world['family'].pk}/export/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_staff_of_another_provider_are_out_of_reach_but_families_and_bodies_are_not(world):
    client = signed_in_with_mfa(Client(), world["manager"])
    assert client.get(f"/data-protection/people/u{world['outsider'].pk}/").status_code == 404
    assert client.post(f"/data-protection/people/u{world['outsider'].pk}/export/").status_code \
        == 404
    la_officer = person(Role.LA_OFFICER, world["case"].local_authority)
    for reachable in (world["colleague"], la_officer, world["family"]):
        assert client.get(f"/data-protection/people/u{reachable.pk}/").status_code == 200
    for nobody in ("u999999", "p999999", "x12", "u0", "u01"):
        assert client.get(f"/data-protection/people/{nobody}/").status_code == 404
    # The services decide too, whatever calls them.
    outsider = Subject(f"u{world['outsider'].pk}", "x", world["outsider"], world["outsider"].email, None)
    family = subject_for(world["admin"], f"u{world['family'].pk}")
    for acting, subject in ((world["manager"], outsider), (world["officer"], family)):
        with pytest.raises(PermissionDenied, match="Only the provider's service managers and administrators"):
            subject_access_export(acting_user=acting, subject=subject)
    with pytest.raises(PermissionDenied, match="Only the provider's service managers and administrators"):
        person_erase(acting_user=world["admin"], subject=outsider, reason="She asked")
    assert not AuditEvent.objects.filter(action__in=["export", "delete"]).exists()


def test_finding_people_by_name_or_address_lists_accounts_and_rows_without_one(world):
    supporter = Participant.objects.create(case=world["case"], role=Participant.Role.SUPPORTER, name="Ruth Okoro",
                                           email="ruth@example.test")
    client = signed_in_with_mfa(Client(), world["manager"])
    page = client.get("/data-protection/people/", {"q": "OKORO"}).content.decode()
    assert f"/data-protection/people/u{world['family'].pk}/" in page and f"/data-protection/people/p{supporter.pk}/" \
        in page
    assert "No account; on a case as: supporter or advocate" in page
    assert AuditEvent.objects.filter(actor=world["manager"], summary="Searched for people's data: 2 found").exists()
    by_address = client.get("/data-protection/people/", {"q": "nadia.okoro@"}).content.decode()
    assert f"u{world['family'].pk}" in by_address and f"p{supporter.pk}" not in by_address
    for bad in ("o", "x" * 201):
        response = client.get("/data-protection/people/", {"q": bad})
        assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()


def test_a_refused_erasure_says_why_on_the_page_and_changes_nothing(world):
    from sendresolve.privacy.holds import legal_hold_set

    legal_hold_set(acting_user=world["admin"], case=world["case"], reason="Tribunal appeal lodged")
    client = signed_in_with_mfa(Client(), world["admin"])
    url = f"/data-protection/people/u{world['family'].pk}/erase/"
    page = client.get(url).content.decode()
    assert "cannot be erased now" in page and f"Case {world['case'].reference} is under a legal hold" in page
    response = client.post(url, {"reason": "She asked", "confirm": "on"})
    assert response.status_code == 400 and "is under a legal hold" in response.content.decode()
    assert world["case"].participants.get(role="rights_holder").name == "Nadia Okoro"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).exists()


def test_erasing_and_correcting_through_the_pages(world, django_capture_on_commit_callbacks):
    client = signed_in_with_mfa(Client(), world["admin"])
    key = f"u{world['family'].pk}"
    missing = client.post(f"/data-protection/people/{key}/correct/", {"full_name": "", "email": "not-an-address"})
    assert missing.status_code == 400
    for message in ("Enter their full name", "Enter an e-mail address in the right format", "Say why it is being"):
        assert message in missing.content.decode()
    corrected = client.post(f"/data-protection/people/{key}/correct/", {
        "full_name": "Nadia Bell", "email": FAMILY, "reason": "Her new name, by phone"})
    assert corrected.status_code == 302
    assert world["case"].participants.get(role="rights_holder").name == "Nadia Bell"
    unconfirmed = client.post(f"/data-protection/people/{key}/erase/", {"reason": "She asked"})
    assert unconfirmed.status_code == 400 and "Confirm that you understand" in unconfirmed.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        erased = client.post(f"/data-protection/people/{key}/erase/", {"reason": "She asked", "confirm": "on"},
                             follow=True)
    assert erased.redirect_chain[-1][0] == "/data-protection/people/"
    assert "Erased. 1 case(s) about them anonymised" in erased.content.decode()
    assert world["case"].participants.get(role="rights_holder").name == ""


def test_the_menu_shows_the_pages_to_those_who_may_use_them(world):
    for who, shown in (("admin", True), ("manager", True), ("officer", False)):
        home = signed_in_with_mfa(Client(), world[who]).get("/home/").content.decode()
        assert ("People's data" in home) is shown, who
