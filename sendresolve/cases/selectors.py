"""Reads about cases. Access is decided here, per case, from the reader's memberships."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sendresolve.accounts.models import Organisation, User
from sendresolve.accounts.roles import OrganisationKind
from sendresolve.accounts.selectors import user_access
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Participant
from sendresolve.cases.visibility import (
    LA_ROLES,
    PARTY_ROLES,
    PROVIDER_ROLES,
    QUEUE_ORDER,
    RECENT_ORDER,
    ListedCase,
    QueueFilters,
    QueueLine,
    may_see,
    queue_sources,
    recent_case_sources,
)
from sendresolve.core.keyset import Page, first_items, read_page

__all__ = ["LA_ROLES", "PARTY_ROLES", "PROVIDER_ROLES"]

QUEUE_PAGE = 50
# The header says "100 or more overdue" past this: counting further would read every overdue line in the country.
OVERDUE_COUNTED_UP_TO = 100


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases this user may see: the provider's staff all; an LA its own; a party body the cases it is
    party to; everyone else the cases they take part in. The rule in one query, for checks and small reads: the
    pages read through `cases.visibility`, which drives the same rule from the reader's own indexes."""
    access = user_access(user)
    if not user.is_authenticated:
        return Case.objects.none()
    if access.roles & PROVIDER_ROLES:
        return Case.objects.all()
    visible = Q(participants__user=user)
    la_ids = [org.pk for org in access.organisations_for(*LA_ROLES)]
    if la_ids:
        visible |= Q(local_authority_id__in=la_ids)
    party_ids = [org.pk for org in access.organisations_for(*PARTY_ROLES)]
    if party_ids:
        visible |= Q(parties__organisation_id__in=party_ids)
    return Case.objects.filter(pk__in=Case.objects.filter(visible).values("pk"))


def case_for(user: User, reference: str) -> Case:
    """The case, or 404 when it does not exist or this user may not see it (the two look the same)."""
    case = Case.objects.select_related("local_authority", "decision").filter(reference=reference).first()
    if case is None or not may_see(user, case):
        raise Http404("No such case")
    return case


def is_case_mediator(user: User, case: Case) -> bool:
    """Whether the user is the case's mediator now: their participant row is made when they are allocated and
    removed when the allocation ends, so it is the one test of a mediator's rights on a case."""
    if not user.is_authenticated:
        return False
    read = participants_read(case)
    if read is not None:
        return any(p.role == Participant.Role.MEDIATOR and p.user_id == user.pk for p in read)
    return case.participants.filter(role=Participant.Role.MEDIATOR, user=user).exists()


def has_plan_deadlines(case: Case) -> bool:
    """Whether any of the case's stored deadlines is an agreed action's (read from the page's prefetch if made)."""
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("deadlines")
    if prefetched is not None:
        return any(deadline.plan_action_id is not None for deadline in prefetched)
    return case.deadlines.filter(plan_action__isnull=False).exists()


def participants_read(case: Case) -> list[Participant] | None:
    """The case's participants when the page has already read them (the case page prefetches them once for every
    panel that asks who someone is on the case), else None: the caller then asks the database for what it needs."""
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("participants")
    return None if prefetched is None else list(prefetched)


def sees_staff_fields(user: User) -> bool:
    """Adviser notes and staff-only events are for the provider's staff."""
    return bool(user_access(user).roles & PROVIDER_ROLES)


def case_timeline(case: Case, *, staff: bool) -> QuerySet[CaseEvent]:
    events = case.events.select_related("actor")
    return events if staff else events.filter(staff_only=False)


def deadline_status(deadline: CaseDeadline, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if deadline.met_on:
        return "done"
    return "overdue" if deadline.due < today else "due"


def work_queue_page(user: User, filters: QueueFilters, *, after: str = "", before: str = "",
                    size: int | None = None) -> Page:
    """A page of everything due on the cases this user may see, by statutory date (so overdue first). Raises
    `BadCursor` for a "next" or "previous" no link would make."""
    return read_page(queue_sources(user, filters), QUEUE_ORDER, size=size or QUEUE_PAGE, after=after, before=before)


def work_queue_first(user: User, filters: QueueFilters, size: int) -> list[QueueLine]:
    return first_items(queue_sources(user, filters), QUEUE_ORDER, size=size)


def recent_cases(user: User, size: int) -> list[ListedCase]:
    return first_items(recent_case_sources(user), RECENT_ORDER, size=size)


def overdue_count(user: User, today: date | None = None) -> int:
    """How many lines of the user's queue are overdue, counted up to OVERDUE_COUNTED_UP_TO."""
    today = today or timezone.localdate()
    sources = queue_sources(user, QueueFilters())
    if len(sources) == 1:  # a count over the index alone, stopping at the limit
        return sources[0].plain.filter(due__lt=today).order_by()[:OVERDUE_COUNTED_UP_TO].count()
    overdue: set[int] = set()  # deadline ids: a line two sources share is counted once
    for source in sources:
        overdue.update(source.plain.filter(due__lt=today).order_by()
                       .values_list(source.key[-1], flat=True)[:OVERDUE_COUNTED_UP_TO])
    return min(len(overdue), OVERDUE_COUNTED_UP_TO)


def family_participant(case: Case) -> Participant | None:
    read = participants_read(case)
    if read is not None:
        return next((p for p in sorted(read, key=lambda p: p.pk) if p.role == Participant.Role.RIGHTS_HOLDER), None)
    return case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).first()


def local_authorities_for(user: User) -> QuerySet:
    """The LAs a user may filter by: all for the provider's staff, their own for LA officers."""

    authorities = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
    if user_access(user).roles & PROVIDER_ROLES:
        return authorities
    return authorities.filter(pk__in=[org.pk for org in user_access(user).organisations_for(*LA_ROLES)])


def case_for_case_worker(user: User, reference: str) -> Case:
    """The case for the provider's staff; 404 for everyone else, as if it did not exist."""
    if not sees_staff_fields(user):
        raise Http404("No such page")
    return case_for(user, reference)

