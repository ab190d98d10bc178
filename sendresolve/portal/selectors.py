"""What a person who takes part in cases sees on their home page: their cases, their next meetings and the agreed
actions still to be done, a few of each, with the full lists one link away. A few queries whatever the numbers,
each on the person's or their body's own index."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import Access
from sendresolve.agreements.duties import DUTY_RULE_PREFIXES
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.selectors import recent_cases, work_queue_first
from sendresolve.cases.visibility import QueueFilters, sees_case_of
from sendresolve.meetings.models import Meeting

# The roles whose cases are the few they take part in: their home lists them. The provider's staff and the LA's
# officers have the work queue for their many.
LISTED_ROLES = frozenset({Role.SOCIAL_CARE_REPRESENTATIVE, Role.SCHOOL_REPRESENTATIVE, Role.ADVOCATE,
                          Role.FAMILY_MEMBER})
SHOWN = 5


@dataclass(frozen=True)
class HomeLists:
    cases: list[Case]
    meetings: list[Meeting]
    actions: list[CaseDeadline]


def home_lists(user: User, access: Access) -> HomeLists | None:
    if not access.roles & LISTED_ROLES:
        return None
    cases = recent_cases(user, SHOWN)
    # Driven from the booked meetings to come (a few thousand in the country at most, on their own index), each
    # checked against the user's cases: never from a school's or an ICB's whole history of cases.
    meetings = Meeting.objects.filter(status=Meeting.Status.BOOKED, end__gte=timezone.now())
    seen = sees_case_of(user)
    if seen is not None:
        meetings = meetings.filter(seen)
    meetings = list(meetings.select_related("case").order_by("start")[:SHOWN])
    actions = work_queue_first(user, QueueFilters(rule_prefixes=tuple(DUTY_RULE_PREFIXES)), SHOWN)
    return HomeLists(cases, meetings, actions)
