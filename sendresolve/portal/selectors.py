"""What a person who takes part in cases sees on their home page: their cases, their next meetings and the agreed
actions still to be done, a few of each, with the full lists one link away. Three queries whatever the numbers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import Access
from sendresolve.agreements.duties import DUTY_RULE_PREFIXES
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.selectors import cases_visible_to
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
    visible = cases_visible_to(user)
    cases = list(visible.select_related("local_authority").order_by("-created_at")[:SHOWN])
    meetings = list(Meeting.objects.filter(case__in=visible, status=Meeting.Status.BOOKED,
                                           end__gte=timezone.now())
                    .select_related("case").order_by("start")[:SHOWN])
    agreed_actions = Q()
    for prefix in DUTY_RULE_PREFIXES:
        agreed_actions |= Q(rule__startswith=prefix)
    actions = list(CaseDeadline.objects.filter(agreed_actions, case__in=visible, in_queue=True, met_on__isnull=True)
                   .select_related("case").order_by("due", "id")[:SHOWN])
    return HomeLists(cases, meetings, actions)
