"""The pages read who-sees-what from each reader's own indexes (cases.visibility); the rule itself is
`cases_visible_to`. For every kind of reader the two must give the same cases and the same queue, in the same order,
page by page in both directions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sendresolve.accounts.models import Membership
from sendresolve.accounts.roles import OrganisationKind, Role
from sendresolve.cases import selectors, services
from sendresolve.cases.models import CaseDeadline, Participant, QueueEntry
from sendresolve.cases.parties import case_add_party
from sendresolve.cases.selectors import (
    OVERDUE_COUNTED_UP_TO,
    cases_visible_to,
    overdue_count,
    recent_cases,
    work_queue_page,
)
from sendresolve.cases.visibility import QueueFilters, may_see, sees_case_of
from sendresolve.core.keyset import BadCursor
from tests.factories import mediation_case, organisation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Three LAs; an ICB, a social care team and a school party to some cases (one added after the request);
    readers of every kind, including an officer of two LAs and an LA officer who takes part in a third LA's case."""
    officer = person(Role.CASE_OFFICER)
    la = [organisation(OrganisationKind.LOCAL_AUTHORITY) for _ in range(3)]
    icb, social_care, school = (organisation(OrganisationKind.ICB), organisation(OrganisationKind.SOCIAL_CARE),
                                organisation(OrganisationKind.SCHOOL))
    today = timezone.localdate()
    cases = []
    for number in range(9):
        parties = [icb] if number % 3 == 0 else []
        case = mediation_case(local_authority=la[number % 3], other_parties=parties, sections=("F", "G"),
                              acting_user=officer, contacted_on=today - timedelta(days=number))
        if number % 2:
            services.case_give_adviser_information(acting_user=officer, case=case, given_on=today, method="phone")
            services.case_request_mediation(acting_user=officer, case=case, asked_on=today)
        cases.append(case)
    case_add_party(acting_user=officer, case=cases[7], organisation=social_care)
    case_add_party(acting_user=officer, case=cases[5], organisation=school)
    two_las = person(Role.LA_OFFICER, la[0])
    Membership.objects.create(user=two_las, organisation=la[1], role=Role.LA_OFFICER)
    la_participant = person(Role.LA_OFFICER, la[0])
    family, mediator_user = person(Role.FAMILY_MEMBER), person(Role.MEDIATOR)
    # Set-up: who takes part in which case.
    Participant.objects.filter(case=cases[1], role="rights_holder").update(user=family)
    Participant.objects.create(case=cases[5], role="la_officer", name="Officer", user=la_participant)
    Participant.objects.create(case=cases[7], role="mediator", name="Mediator", user=mediator_user)
    Participant.objects.create(case=cases[3], role="mediator", name="Mediator", user=mediator_user)
    readers = {
        "case officer": officer, "la officer": person(Role.LA_OFFICER, la[0]), "officer of two LAs": two_las,
        "la officer taking part elsewhere": la_participant,
        "la decision-maker": person(Role.LA_DECISION_MAKER, la[2]), "icb": person(Role.ICB_REPRESENTATIVE, icb),
        "social care": person(Role.SOCIAL_CARE_REPRESENTATIVE, social_care),
        "school": person(Role.SCHOOL_REPRESENTATIVE, school), "family": family, "mediator": mediator_user,
        "advocate with no cases": person(Role.ADVOCATE),
    }
    return {"readers": readers, "cases": cases, "la": la, "officer": officer}


EVERYTHING = QueueFilters()


def _expected_queue(user, filters=EVERYTHING):
    rows = CaseDeadline.objects.filter(in_queue=True, case__in=cases_visible_to(user))
    if filters.local_authority:
        rows = rows.filter(case__local_authority_id=filters.local_authority)
    if filters.rule:
        rows = rows.filter(rule=filters.rule)
    return list(rows.order_by("due", "id").values_list("id", flat=True))


def _walk(user, filters=EVERYTHING, size=2):
    """Every page forwards, then every page backwards from the last: the ids seen each way."""
    forwards, pages, after = [], [], ""
    while True:
        page = work_queue_page(user, filters, after=after, size=size)
        pages.append([line.id for line in page.items])
        forwards += pages[-1]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    backwards_pages, before = [pages[-1]], page.previous_cursor
    while before:
        page = work_queue_page(user, filters, before=before, size=size)
        backwards_pages.insert(0, [line.id for line in page.items])
        before = page.previous_cursor
    return forwards, pages, backwards_pages


READERS = ["case officer", "la officer", "officer of two LAs", "la officer taking part elsewhere",
           "la decision-maker", "icb", "social care", "school", "family", "mediator", "advocate with no cases"]


@pytest.mark.parametrize("who", READERS)
def test_each_reader_sees_exactly_the_rules_queue_page_by_page_both_ways(world, who):
    user = world["readers"][who]
    expected = _expected_queue(user)
    forwards, pages, backwards_pages = _walk(user)
    assert forwards == expected
    assert backwards_pages == pages  # "Previous" gives back the same pages
    if who not in ("advocate with no cases",):
        assert expected, "a reader with cases has something in their queue (positive control)"
    else:
        assert expected == []


@pytest.mark.parametrize("who", READERS)
def test_each_reader_sees_exactly_the_rules_cases_newest_first_and_only_those_pages(world, who):
    user = world["readers"][who]
    visible = list(cases_visible_to(user).order_by("-id"))
    listed = recent_cases(user, 100)
    assert [(case.id, case.reference, case.get_state_display()) for case in listed] == [
        (case.id, case.reference, case.get_state_display()) for case in visible]
    assert [case.id for case in recent_cases(user, 2)] == [case.id for case in visible[:2]]
    for case in world["cases"]:
        assert may_see(user, case) == (case in visible), case.reference


def test_an_officer_of_two_las_filters_by_either_and_a_rule(world):
    user, la = world["readers"]["officer of two LAs"], world["la"]
    for chosen in (la[0], la[1]):
        filters = QueueFilters(local_authority=chosen.pk)
        expected = _expected_queue(user, filters)
        assert expected and _walk(user, filters)[0] == expected
    rule = CaseDeadline.objects.filter(in_queue=True, case__local_authority=la[0]).values_list("rule", flat=True)[0]
    filters = QueueFilters(rule=rule)
    assert _walk(user, filters)[0] == _expected_queue(user, filters) != []


def test_the_case_officer_filters_by_an_la_through_its_queue_lines(world):
    officer, la = world["officer"], world["la"][2]
    filters = QueueFilters(local_authority=la.pk)
    expected = _expected_queue(officer, filters)
    assert expected and _walk(officer, filters, size=1)[0] == expected


def test_queue_lines_follow_the_deadlines_and_a_body_added_later(world):
    case = world["cases"][7]
    lines = set(QueueEntry.objects.filter(deadline__case=case).values_list("deadline_id", "organisation_id",
                                                                           "as_party"))
    in_queue = CaseDeadline.objects.filter(case=case, in_queue=True).values_list("id", flat=True)
    social_care = case.parties.get().organisation_id
    assert lines == {(d, case.local_authority_id, False) for d in in_queue} | {(d, social_care, True)
                                                                               for d in in_queue}
    assert lines
    services.case_start_arranging(acting_user=world["officer"], case=case, on=timezone.localdate())
    left = QueueEntry.objects.filter(deadline__case=case)
    assert set(left.values_list("deadline_id", flat=True)).isdisjoint(in_queue)  # the old lines went with them
    assert set(left.values_list("deadline_id", flat=True)) == set(
        CaseDeadline.objects.filter(case=case, in_queue=True).values_list("id", flat=True))


def test_a_page_marker_no_link_would_make_is_refused(world):
    user = world["readers"]["la officer"]
    with pytest.raises(BadCursor, match="2026-02-30"):
        work_queue_page(user, QueueFilters(), after="2026-02-30.1")
    with pytest.raises(BadCursor, match="tomorrow"):
        work_queue_page(user, QueueFilters(), before="tomorrow")
    assert work_queue_page(user, QueueFilters(), after="2026-02-28.1").items is not None  # positive control


def test_the_overdue_count_stops_at_its_limit(world, monkeypatch):
    user = world["readers"]["officer of two LAs"]
    far_ahead = timezone.localdate() + timedelta(days=3650)  # everything is overdue then
    lines = len(_expected_queue(user))
    assert 2 < lines < OVERDUE_COUNTED_UP_TO
    assert overdue_count(user, today=far_ahead) == lines
    assert overdue_count(user) == 0
    one_la = world["readers"]["la officer"]  # one source: counted in the database
    assert overdue_count(one_la, today=far_ahead) == len(_expected_queue(one_la)) == 2
    monkeypatch.setattr(selectors, "OVERDUE_COUNTED_UP_TO", 1)
    assert overdue_count(user, today=far_ahead) == 1
    assert overdue_count(one_la, today=far_ahead) == 1


@pytest.mark.parametrize("who", READERS)
def test_rows_checked_against_each_readers_cases_are_exactly_those_of_the_cases_they_see(world, who):
    """`sees_case_of` (used for the booked meetings on a home page) agrees with the rule, row by row."""
    user = world["readers"][who]
    seen = sees_case_of(user)
    rows = CaseDeadline.objects.all() if seen is None else CaseDeadline.objects.filter(seen)
    expected = CaseDeadline.objects.filter(case__in=cases_visible_to(user))
    assert sorted(rows.values_list("id", flat=True)) == sorted(expected.values_list("id", flat=True))
    assert (rows.exists()) == (who != "advocate with no cases"), "positive control: readers with cases see rows"
