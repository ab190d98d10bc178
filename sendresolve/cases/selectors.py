"""Reads about cases. Access is decided here, per case, from the reader's memberships."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import user_access
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Participant

PROVIDER_ROLES = frozenset({Role.CASE_OFFICER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
LA_ROLES = frozenset({Role.LA_OFFICER, Role.LA_DECISION_MAKER})
PARTY_ROLES = frozenset({Role.ICB_REPRESENTATIVE, Role.SOCIAL_CARE_REPRESENTATIVE, Role.SCHOOL_REPRESENTATIVE})


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases this user may see: the provider's staff all; an LA its own; a party body the cases it is
    party to; everyone else the cases they take part in."""
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
    case = (cases_visible_to(user).select_related("local_authority", "decision")
            .filter(reference=reference).first())
    if case is None:
        raise Http404("No such case")
    return case


def is_case_mediator(user: User, case: Case) -> bool:
    """Whether the user is the case's mediator now: their participant row is made when they are allocated and
    removed when the allocation ends, so it is the one test of a mediator's rights on a case."""
    return user.is_authenticated and case.participants.filter(role=Participant.Role.MEDIATOR, user=user).exists()


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


def work_queue(user: User, *, local_authority: int | None = None, kind: str = "", state: str = "",
               rule: str = "") -> QuerySet[CaseDeadline]:
    """Everything due on open cases this user may see, overdue first, by statutory date."""
    deadlines = CaseDeadline.objects.filter(in_queue=True)
    if not user_access(user).roles & PROVIDER_ROLES:  # the provider's staff see every case: no filter to run
        deadlines = deadlines.filter(case__in=cases_visible_to(user))
    deadlines = deadlines.select_related("case", "case__local_authority").order_by("due", "id")
    if local_authority:
        deadlines = deadlines.filter(case__local_authority_id=local_authority)
    if kind:
        deadlines = deadlines.filter(case__kind=kind)
    if state:
        deadlines = deadlines.filter(case__state=state)
    if rule:
        deadlines = deadlines.filter(rule=rule)
    return deadlines


def overdue_count(user: User) -> int:
    return work_queue(user).filter(due__lt=timezone.localdate()).count()


def family_participant(case: Case) -> Participant | None:
    return case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).first()


def local_authorities_for(user: User) -> QuerySet:
    """The LAs a user may filter by: all for the provider's staff, their own for LA officers."""
    from sendresolve.accounts.models import Organisation
    from sendresolve.accounts.roles import OrganisationKind

    authorities = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
    if user_access(user).roles & PROVIDER_ROLES:
        return authorities
    return authorities.filter(pk__in=[org.pk for org in user_access(user).organisations_for(*LA_ROLES)])


def case_for_case_worker(user: User, reference: str) -> Case:
    """The case for the provider's staff; 404 for everyone else, as if it did not exist."""
    if not sees_staff_fields(user):
        raise Http404("No such page")
    return case_for(user, reference)

