"""The meeting-slot proposer: every proposal suits everyone required, and none that would was missed."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendresolve.clock import NoticeRule, default_calendar, earliest_meeting_date
from sendresolve.clock.deadlines import notice_deadline
from sendresolve.meetings.scheduling import LONDON, Proposal, Slot, propose_slots, session_slots

CALENDAR = default_calendar()
NTH = NoticeRule.NTH_WORKING_DAY_BEFORE
QUARTER = timedelta(minutes=15)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
PLUS_ONE = timezone(timedelta(hours=1))


def london(day: date, hh_mm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=LONDON)


def free(day: date, start: str, end: str) -> Slot:
    return Slot(london(day, start), london(day, end))


def real_length(slot: Slot) -> timedelta:
    # In UTC: two datetimes sharing the London zone subtract by wall clock, wrong on a clock-change night.
    return slot.end.astimezone(UTC) - slot.start.astimezone(UTC)


def starts(proposals: list[Proposal]) -> list[datetime]:
    return [proposal.slot.start for proposal in proposals]


# -- the property: random people over 30 days that take in a 2026 clock change ------------------------------

# Thirty days from each of these take in the clock change of 29 March or of 25 October 2026.
BASES = [date(2026, 3, 16), date(2026, 10, 12)]


@st.composite
def random_slots(draw, base: date) -> Slot:
    """A slot on the 15-minute grid of London wall time, up to 6 hours long, perhaps across midnight."""
    quarter = draw(st.integers(min_value=0, max_value=95))
    start = london(base + timedelta(days=draw(st.integers(min_value=0, max_value=29))),
                   f"{quarter // 4:02d}:{quarter % 4 * 15:02d}")
    # Lengths are counted in real time, so a slot on a clock-change night is as long as it says.
    end = start.astimezone(UTC) + draw(st.integers(min_value=1, max_value=24)) * QUARTER
    # The same moments written in another zone must make no difference (the database gives UTC, for one).
    zone = draw(st.sampled_from([LONDON, LONDON, UTC, PLUS_ONE]))
    return Slot(start.astimezone(zone), end.astimezone(zone))


@st.composite
def offers(draw, shared: list[Slot], base: date) -> list[Slot]:
    """What one person says they can do: some of the commonly offered slots, sometimes split in two touching
    halves (which must count as one), and a few of their own."""
    offered = []
    for slot in draw(st.lists(st.sampled_from(shared), min_size=1, max_size=4)):
        quarters = real_length(slot) // QUARTER
        if quarters >= 2 and draw(st.booleans()):
            middle = slot.start.astimezone(UTC) + draw(st.integers(min_value=1, max_value=quarters - 1)) * QUARTER
            offered += [Slot(slot.start, middle), Slot(middle, slot.end)]
        else:
            offered.append(slot)
    return offered + draw(st.lists(random_slots(base), max_size=2))


@st.composite
def scenarios(draw):
    base = draw(st.sampled_from(BASES))
    shared = draw(st.lists(random_slots(base), min_size=1, max_size=6))
    people = draw(st.integers(min_value=1, max_value=4))
    availability = {f"person {n}": draw(offers(shared, base)) for n in range(people)}
    pool = None
    if draw(st.booleans()):
        pool = {f"mediator {n}": draw(offers(shared, base)) for n in range(draw(st.integers(0, 4)))}
    notice_day = base + timedelta(days=draw(st.integers(min_value=-12, max_value=15)))
    earliest = earliest_meeting_date(notice_day, NTH, CALENDAR)
    window_end = draw(st.one_of(st.none(), st.integers(0, 25).map(lambda days: earliest + timedelta(days=days))))
    return dict(
        availability=availability,
        duration=draw(st.integers(min_value=1, max_value=8)) * QUARTER,
        earliest_date=earliest,
        window_end=window_end,
        mediators=pool,
        limit=draw(st.integers(min_value=1, max_value=4)),
    ), notice_day


def quarter_of(moment: datetime) -> int:
    return (moment - EPOCH) // QUARTER


def free_quarters(slots: list[Slot]) -> set[int]:
    """Free time on the 15-minute grid: independent of how the proposer merges slots."""
    return {q for slot in slots for q in range(quarter_of(slot.start), quarter_of(slot.end))}


class Oracle:
    """The rules of a valid proposal checked the slow way, one quarter of an hour at a time."""

    def __init__(self, arguments: dict):
        self.people = [free_quarters(list(slots)) for slots in arguments["availability"].values()]
        pool = arguments["mediators"]
        self.pool = None if pool is None else {key: free_quarters(list(slots)) for key, slots in pool.items()}
        self.quarters = arguments["duration"] // QUARTER
        self.earliest, self.window_end = arguments["earliest_date"], arguments["window_end"]

    def all_free(self, quarters: set[int], first: int) -> bool:
        return all(q in quarters for q in range(first, first + self.quarters))

    def free_mediators(self, first: int) -> tuple:
        return tuple(key for key, quarters in self.pool.items() if self.all_free(quarters, first))

    def valid(self, first: int) -> bool:
        start = EPOCH + first * QUARTER
        day = start.astimezone(LONDON).date()
        end_day = (start + self.quarters * QUARTER).astimezone(LONDON).date()
        return (
            day == end_day and day >= self.earliest and (self.window_end is None or day <= self.window_end)
            and all(self.all_free(person, first) for person in self.people)
            and (self.pool is None or bool(self.free_mediators(first)))
        )

    def valid_starts(self, from_quarter: int, before_quarter: float) -> list[int]:
        # Any valid start is a free quarter of the first person, which keeps the search small.
        return [q for q in sorted(self.people[0]) if from_quarter <= q < before_quarter and self.valid(q)]


@settings(deadline=None, max_examples=300)
@given(scenarios())
def test_every_proposal_suits_everyone_and_none_was_missed(scenario):
    arguments, notice_day = scenario
    proposals = propose_slots(**arguments)
    oracle = Oracle(arguments)
    assert len(proposals) <= arguments["limit"]

    previous_end = -(10**9)
    for proposal in proposals:
        slot, first = proposal.slot, quarter_of(proposal.slot.start)
        assert real_length(slot) == arguments["duration"]
        assert all(oracle.all_free(person, first) for person in oracle.people)
        assert slot.day == slot.end.astimezone(LONDON).date()
        assert slot.day >= arguments["earliest_date"]
        assert arguments["window_end"] is None or slot.day <= arguments["window_end"]
        assert notice_deadline(slot.day, NTH, CALENDAR).due >= notice_day
        if oracle.pool is None:
            assert proposal.mediators == ()
        else:
            assert proposal.mediators and proposal.mediators == oracle.free_mediators(first)
        # Sorted, not overlapping, and the earliest valid start after the one before.
        assert first >= previous_end
        assert oracle.valid_starts(previous_end, first) == []
        previous_end = quarter_of(slot.end)

    if len(proposals) < arguments["limit"]:
        assert oracle.valid_starts(previous_end, float("inf")) == []


# -- examples ----------------------------------------------------------------------------------------------

MON, TUE, WED, THU, FRI = (date(2026, 7, 13) + timedelta(days=n) for n in range(5))
HOUR = timedelta(hours=1)


def propose(availability, duration=HOUR, earliest_date=MON, window_end=None, **options):
    return propose_slots(availability=availability, duration=duration, earliest_date=earliest_date,
                         window_end=window_end, **options)


def test_three_people_with_one_common_morning_get_the_hour_they_all_share():
    availability = {
        "family": [free(MON, "09:00", "12:00"), free(WED, "14:00", "17:00")],
        "la": [free(MON, "10:00", "13:00"), free(THU, "09:00", "12:00")],
        "icb": [free(MON, "09:30", "11:30"), free(WED, "14:00", "16:00")],
    }
    # Together only 10:00-11:30 on Monday: one hour fits once; Wednesday is no good for the LA.
    assert propose(availability) == [Proposal(free(MON, "10:00", "11:00"))]


def test_nobody_in_common_means_no_proposals():
    availability = {"family": [free(MON, "09:00", "12:00")], "la": [free(MON, "12:00", "15:00")]}
    assert propose(availability) == []


def test_empty_availability_and_a_person_with_no_free_time_mean_no_proposals():
    assert propose({}) == []
    assert propose({"family": [free(MON, "09:00", "12:00")], "la": []}) == []


def test_a_common_slot_outside_the_window_is_not_proposed():
    availability = {"family": [free(MON, "09:00", "10:00"), free(FRI, "09:00", "10:00")]}
    assert starts(propose(availability, window_end=THU)) == [london(MON, "09:00")]
    assert starts(propose(availability, earliest_date=TUE)) == [london(FRI, "09:00")]
    assert propose(availability, earliest_date=TUE, window_end=THU) == []
    # The window's last day is inside it: a meeting on the T4 due date itself is in time.
    assert starts(propose(availability, earliest_date=TUE, window_end=FRI)) == [london(FRI, "09:00")]


def test_a_long_common_stretch_gives_back_to_back_meetings_up_to_the_limit():
    availability = {"family": [free(MON, "09:00", "17:00")], "la": [free(MON, "08:00", "18:00")]}
    proposals = propose(availability, duration=2 * HOUR, limit=3)
    assert [p.slot for p in proposals] == [free(MON, "09:00", "11:00"), free(MON, "11:00", "13:00"),
                                           free(MON, "13:00", "15:00")]


def test_touching_slots_of_one_person_count_as_one_stretch():
    availability = {"family": [free(MON, "09:00", "10:00"), free(MON, "10:00", "11:00")]}
    assert propose(availability, duration=2 * HOUR) == [Proposal(free(MON, "09:00", "11:00"))]


def test_with_a_pool_only_times_a_mediator_can_make_are_proposed_naming_who_is_free_in_pool_order():
    availability = {"family": [free(MON, "09:00", "13:00")], "la": [free(MON, "09:00", "13:00")]}
    pool = {
        "Chris": [free(MON, "11:00", "13:00")],
        "Bea": [free(MON, "08:00", "10:00")],  # free at 09:00, but not for two hours
        "Ade": [free(MON, "10:30", "14:00")],
    }
    # Nobody can do 09:00-11:00, so the meeting starts when a mediator's free time starts, inside the stretch.
    assert propose(availability, duration=2 * HOUR, mediators=pool) == [
        Proposal(free(MON, "10:30", "12:30"), ("Ade",))
    ]
    assert propose(availability, duration=2 * HOUR, mediators={"Chris": pool["Chris"]}) == [
        Proposal(free(MON, "11:00", "13:00"), ("Chris",))
    ]
    assert propose(availability, duration=HOUR * 1.5, mediators=pool, limit=1) == [
        Proposal(free(MON, "10:30", "12:00"), ("Ade",))
    ]
    assert propose(availability, duration=HOUR, mediators=pool, limit=2) == [
        Proposal(free(MON, "09:00", "10:00"), ("Bea",)),
        Proposal(free(MON, "10:30", "11:30"), ("Ade",)),
    ]
    assert propose(availability, duration=2 * HOUR, mediators={"Bea": pool["Bea"]}) == []
    assert propose(availability, mediators={}) == []


def test_a_pool_lists_every_free_mediator_in_the_order_given():
    availability = {"family": [free(MON, "09:00", "12:00")]}
    pool = {"Chris": [free(MON, "08:00", "12:00")], "Bea": [free(MON, "13:00", "15:00")],
            "Ade": [free(MON, "09:00", "10:00"), free(MON, "10:00", "11:00")]}
    assert propose(availability, mediators=pool, limit=1) == [Proposal(free(MON, "09:00", "10:00"), ("Chris", "Ade"))]


def test_meetings_start_and_end_on_the_same_london_date():
    availability = {"family": [Slot(london(MON, "22:00"), london(TUE, "02:00"))]}
    # 23:00-00:00 would end on Tuesday, so the next meeting after 22:00 starts at midnight.
    assert starts(propose(availability)) == [london(MON, "22:00"), london(TUE, "00:00"), london(TUE, "01:00")]


def test_the_notice_rule_comes_in_through_the_earliest_date():
    # Told on Mon 30 Mar 2026, the family's five working days run to Tue 7 Apr (Easter falls between).
    earliest = earliest_meeting_date(date(2026, 3, 30), NTH, CALENDAR)
    availability = {"family": session_slots([date(2026, 4, 7), date(2026, 4, 8)], [(time(10), time(12))])}
    proposals = propose(availability, duration=2 * HOUR, earliest_date=earliest)
    assert starts(proposals) == [london(date(2026, 4, 8), "10:00")]


def test_a_meeting_across_the_spring_forward_night_lasts_its_real_duration():
    sunday = date(2026, 3, 29)  # the clocks go from 01:00 to 02:00: 00:00-03:00 London is two real hours
    [proposal] = propose({"family": [free(sunday, "00:00", "03:00")]}, duration=2 * HOUR, earliest_date=sunday)
    assert proposal.slot == free(sunday, "00:00", "03:00")
    assert propose({"family": [free(sunday, "00:00", "03:00")]}, duration=3 * HOUR, earliest_date=sunday) == []


def test_a_meeting_across_the_fall_back_night_can_use_the_repeated_hour():
    sunday = date(2026, 10, 25)  # the clocks go from 02:00 back to 01:00: 00:00-02:00 London is three hours
    [proposal] = propose({"family": [free(sunday, "00:00", "02:00")]}, duration=3 * HOUR, earliest_date=sunday)
    assert proposal.slot.start == datetime(2026, 10, 24, 23, tzinfo=UTC)
    assert proposal.slot.end == datetime(2026, 10, 25, 2, tzinfo=UTC)


def test_the_repeated_hour_of_the_fall_back_night_is_told_apart():
    # On Sun 25 Oct 2026 London's wall clock shows 01:00-02:00 twice: first in summer time (fold 0), then
    # in GMT (fold 1). By the wall clock the mediator's 01:45 comes after the family's 01:15; in fact it is
    # half an hour before it, and the two can meet.
    first_0145 = datetime(2026, 10, 25, 1, 45, tzinfo=LONDON)
    second_0115 = datetime(2026, 10, 25, 1, 15, fold=1, tzinfo=LONDON)
    family = [Slot(datetime(2026, 10, 25, 0, 0, tzinfo=LONDON), second_0115)]
    pool = {"Ade": [Slot(first_0145, second_0115)]}
    assert propose({"family": family}, duration=timedelta(minutes=30), earliest_date=date(2026, 10, 25),
                   mediators=pool) == [
        Proposal(Slot(datetime(2026, 10, 25, 0, 45, tzinfo=UTC), datetime(2026, 10, 25, 1, 15, tzinfo=UTC)), ("Ade",))
    ]


def test_london_sessions_follow_the_clock_changes():
    sessions = [(time(10), time(12))]
    spring = session_slots([date(2026, 3, 27), date(2026, 3, 30)], sessions)
    assert [slot.start for slot in spring] == [datetime(2026, 3, 27, 10, tzinfo=UTC),
                                               datetime(2026, 3, 30, 9, tzinfo=UTC)]
    autumn = session_slots([date(2026, 10, 23), date(2026, 10, 26)], sessions)
    assert [slot.start for slot in autumn] == [datetime(2026, 10, 23, 9, tzinfo=UTC),
                                               datetime(2026, 10, 26, 10, tzinfo=UTC)]
    assert all(real_length(slot) == 2 * HOUR for slot in spring + autumn)


def test_session_slots_go_day_by_day_then_session_by_session():
    slots = session_slots([MON, TUE], [(time(9, 30), time(12)), (time(13), time(16, 30))])
    assert slots == [free(MON, "09:30", "12:00"), free(MON, "13:00", "16:30"),
                     free(TUE, "09:30", "12:00"), free(TUE, "13:00", "16:30")]


def test_a_slots_day_is_its_london_date():
    late_in_june_by_utc = Slot(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), datetime(2026, 7, 1, 0, 30, tzinfo=UTC))
    assert late_in_june_by_utc.day == date(2026, 7, 1)


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="timezone-aware"):
        Slot(datetime(2026, 7, 13, 9), london(MON, "10:00"))
    with pytest.raises(ValueError, match="end after it starts"):
        free(MON, "10:00", "10:00")
    with pytest.raises(ValueError, match="end after it starts"):
        free(MON, "11:00", "10:00")
    with pytest.raises(ValueError, match="duration"):
        propose({"family": [free(MON, "09:00", "12:00")]}, duration=timedelta(0))
    with pytest.raises(ValueError, match="duration"):
        propose({"family": [free(MON, "09:00", "12:00")]}, duration=-HOUR)
