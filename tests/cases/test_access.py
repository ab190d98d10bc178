"""Who may see which case: every role against cases of another LA, another family, not theirs: 404."""

import pytest
from django.utils import timezone

from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases import services
from sendresolve.cases.models import Participant
from tests.factories import PASSWORD, mediation_case, organisation, person, totp_code

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    if user.memberships.filter(role=Role.FAMILY_MEMBER).exists():
        client.force_login(user)
        return client
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(user.totp_secret)})
    return client


@pytest.fixture
def world():
    """Two LAs, an ICB party to one case, a family per case, and a certificate on each."""
    officer = person(Role.CASE_OFFICER, totp=True)
    la_mine, la_other = organisation(OrganisationKind.LOCAL_AUTHORITY), organisation(OrganisationKind.LOCAL_AUTHORITY)
    icb = organisation(OrganisationKind.ICB)
    parent_mine, parent_other = person(Role.FAMILY_MEMBER), person(Role.FAMILY_MEMBER)
    mine = mediation_case(local_authority=la_mine, other_parties=[icb], sections=("F", "G"), acting_user=officer)
    other = mediation_case(local_authority=la_other, acting_user=officer)
    Participant.objects.filter(case=mine, role="rights_holder").update(user=parent_mine)
    Participant.objects.filter(case=other, role="rights_holder").update(user=parent_other)
    certificates = {}
    from django.core.files.base import ContentFile

    from sendresolve.cases.models import DecisionLetter

    for case in (mine, other):
        letter = DecisionLetter(case=case, original_name="letter.pdf", content_type="application/pdf", size=9)
        letter.file.save("letter", ContentFile(b"%PDF-1.4\n"), save=True)
        today = timezone.localdate()
        services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
        services.case_request_certificate(acting_user=officer, case=case, informed_on=today)
        certificates[case.pk] = services.certificate_issue(acting_user=officer, case=case)
    return {"officer": officer, "la_mine": la_mine, "icb": icb, "parent_mine": parent_mine, "mine": mine,
            "other": other, "certificates": certificates}


def urls(case, certificate):
    letter = case.letters.get()
    return [f"/cases/{case.reference}/", f"/cases/{case.reference}/certificates/{certificate.number}.pdf",
            f"/cases/{case.reference}/letters/{letter.pk}/"]


@pytest.mark.parametrize("who", ["la_officer", "la_decision_maker", "icb", "parent", "mediator", "school",
                                 "social_care", "advocate"])
def test_nobody_sees_a_case_that_is_not_theirs(client, world, who):
    user = {
        "la_officer": lambda: person(Role.LA_OFFICER, world["la_mine"], totp=True),
        "la_decision_maker": lambda: person(Role.LA_DECISION_MAKER, world["la_mine"], totp=True),
        "icb": lambda: person(Role.ICB_REPRESENTATIVE, world["icb"], totp=True),
        "parent": lambda: world["parent_mine"],
        "mediator": lambda: person(Role.MEDIATOR, totp=True),
        "school": lambda: person(Role.SCHOOL_REPRESENTATIVE, totp=True),
        "social_care": lambda: person(Role.SOCIAL_CARE_REPRESENTATIVE, totp=True),
        "advocate": lambda: person(Role.ADVOCATE, totp=True),
    }[who]()
    client = signed_in(client, user)
    other = world["other"]
    for url in urls(other, world["certificates"][other.pk]):
        assert client.get(url).status_code == 404, (who, url)
    arranging = ("mediator/", "mediator/object/", "people/", "attendee/", "availability/", "availability/mine/",
                 "meeting/", "meeting/manage/")
    for url in (f"/cases/{other.reference}/adviser/", f"/cases/{other.reference}/close/",
                f"/cases/{other.reference}/certificate/", *(f"/cases/{other.reference}/{p}" for p in arranging),
                f"/mediators/cases/{other.reference}/declare/"):
        assert client.get(url).status_code in (404, 405), (who, url)
        assert client.post(url, {}).status_code == 404, (who, url)
    mine = world["mine"]
    can_see_mine = who in ("la_officer", "la_decision_maker", "icb", "parent")
    for url in urls(mine, world["certificates"][mine.pk]):
        assert client.get(url).status_code == (200 if can_see_mine else 404), (who, url)


def test_the_family_never_sees_staff_only_fields(client, world):
    from sendresolve.cases.models import AdviserContact

    AdviserContact.objects.filter(case=world["mine"]).update(notes="Parent sounded anxious; LA officer is difficult")
    staff_page = signed_in(client, world["officer"]).get(f"/cases/{world['mine'].reference}/").content.decode()
    assert "Parent sounded anxious" in staff_page
    client.logout()
    family_page = signed_in(client, world["parent_mine"]).get(f"/cases/{world['mine'].reference}/").content.decode()
    assert "Parent sounded anxious" not in family_page
    assert "Next steps" not in family_page
    assert world["certificates"][world["mine"].pk].number in family_page


def test_the_work_queue_shows_each_la_only_its_own_cases(client, world):
    today = timezone.localdate()
    officer = world["officer"]
    for case in (world["mine"], world["other"]):
        fresh = mediation_case(local_authority=case.local_authority, acting_user=officer)
        services.case_give_adviser_information(acting_user=officer, case=fresh, given_on=today, method="phone")
        services.case_request_mediation(acting_user=officer, case=fresh, asked_on=today)
    la_user = person(Role.LA_OFFICER, world["la_mine"], totp=True)
    page = signed_in(client, la_user).get("/cases/").content.decode()
    assert world["la_mine"].name in page
    assert world["other"].local_authority.name not in page
