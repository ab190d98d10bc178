"""Reads about mediators: who may mediate a case, ranked by fit, and each mediator's own caseload."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.db.models import Count, Min, Q
from django.utils import timezone

from sendresolve.accounts.models import Organisation, User
from sendresolve.cases.choices import PlanSection, RightsHolder
from sendresolve.cases.clockwork import case_meeting_window
from sendresolve.cases.models import Case
from sendresolve.cases.selectors import is_case_mediator
from sendresolve.cases.states import OPEN_STATES
from sendresolve.mediators.models import Allocation, AvailabilitySlot, Exclusion, MediatorProfile, Specialism


@dataclass
class Candidate:
    """A mediator as the case officer sees them when allocating: eligible or not, and why."""

    profile: MediatorProfile
    matched: list[str] = field(default_factory=list)  # specialism labels the case needs and they have
    load: int = 0  # open cases allocated now
    earliest_free: datetime | None = None  # first time they are free inside the meeting window
    reasons: list[str] = field(default_factory=list)  # why they cannot be allocated; empty: they can

    @property
    def eligible(self) -> bool:
        return not self.reasons


def case_party_bodies(case: Case) -> list[Organisation]:
    return [case.local_authority, *(party.organisation for party in case.parties.select_related("organisation"))]


def needed_specialisms(case: Case) -> set[str]:
    areas = {PlanSection.area(issue.section) for issue in case.issues.all() if issue.section}
    needed = {Specialism.HEALTH for area in areas if area == "health"}
    needed |= {Specialism.SOCIAL_CARE for area in areas if area == "social_care"}
    if case.rights_holder in (RightsHolder.YOUNG_PERSON, RightsHolder.ALTERNATIVE_PERSON):
        needed.add(Specialism.POST_16)
    return needed


def active_allocation(case: Case) -> Allocation | None:
    return (case.allocations.filter(ended_at__isnull=True).select_related("mediator__user", "allocated_by")
            .first())


def _public_body_problem(profile: MediatorProfile) -> str | None:
    """The register-level independence check (legal review L14), from the declaration loaded with the profile."""
    from django.conf import settings

    if settings.ADVISER_INDEPENDENCE_DECLARATION != "required":
        return None
    declaration = getattr(profile.user, "independence_declaration", None)
    if declaration is None:
        return "Has not declared whether they work for a local authority, an ICB or NHS England"
    if declaration.employed_by_public_body:
        return f"Works for {declaration.details or 'a local authority, an ICB or NHS England'}: not independent"
    return None


def mediator_candidates(case: Case, *, today: date | None = None) -> list[Candidate]:
    """Every active mediator who could be offered this case, best first. Anyone employed (now or before) by a
    party body is not offered at all; others who cannot act are listed last with the reason. A fixed
    number of queries, however many mediators there are."""
    today = today or timezone.localdate()
    bodies = {body.pk: body for body in case_party_bodies(case)}
    exclusions: dict[int, list[Exclusion]] = {}
    for exclusion in Exclusion.objects.filter(organisation_id__in=bodies).select_related("organisation"):
        exclusions.setdefault(exclusion.mediator_id, []).append(exclusion)
    earlier = {allocation.mediator_id: allocation.end_reason
               for allocation in case.allocations.filter(ended_at__isnull=False)}
    current = active_allocation(case)
    earliest_day, last_day = case_meeting_window(case, told_on=today)
    window = Q(availability__start__gte=timezone.make_aware(datetime.combine(earliest_day, time.min)))
    if last_day is not None:
        window &= Q(availability__start__lt=timezone.make_aware(datetime.combine(last_day, time.max)))
    profiles = (MediatorProfile.objects.filter(active=True).select_related("user", "user__independence_declaration")
                .annotate(load=Count("allocations", filter=Q(allocations__ended_at__isnull=True,
                                                              allocations__case__state__in=OPEN_STATES),
                                     distinct=True),
                          earliest_free=Min("availability__start", filter=window)))
    needed = needed_specialisms(case)
    candidates = []
    for profile in profiles:
        own = exclusions.get(profile.pk, [])
        if any(exclusion.blocks_outright for exclusion in own):
            continue
        candidate = Candidate(profile=profile, load=profile.load, earliest_free=profile.earliest_free,
                              matched=sorted(Specialism(s).label for s in needed & set(profile.specialisms)))
        candidate.reasons = [f"Declared link with {exclusion.organisation}: {exclusion.details or 'no details'}"
                             for exclusion in own]
        if profile.pk in earlier:
            candidate.reasons.append(f"Taken off this case before: {earlier[profile.pk]}")
        if current is not None and current.mediator_id == profile.pk:
            candidate.reasons.append("Already allocated to this case")
        if profile.accredited_until and profile.accredited_until < today:
            candidate.reasons.append(f"Accreditation expired on {profile.accredited_until:%-d %B %Y}")
        if profile.load >= profile.capacity:
            candidate.reasons.append(f"At capacity ({profile.load} of {profile.capacity} cases)")
        public_body = _public_body_problem(profile)
        if public_body:
            candidate.reasons.append(public_body)
        candidates.append(candidate)
    far_future = datetime.max.replace(tzinfo=UTC)
    candidates.sort(key=lambda c: (not c.eligible, -len(c.matched), c.earliest_free or far_future, c.load,
                                   c.profile.user.full_name))
    return candidates


def eligibility_problem(case: Case, profile: MediatorProfile, *, today: date | None = None) -> str | None:
    """Why this mediator cannot be allocated to this case, or None when they can."""
    for candidate in mediator_candidates(case, today=today):
        if candidate.profile.pk == profile.pk:
            return "; ".join(candidate.reasons) or None
    if not profile.active:
        return "This mediator is not taking cases."
    return "This mediator works, or has worked, for a body that is a party to this case, so is not independent."


def is_allocated_mediator(user: User, case: Case) -> bool:
    """Whether the user is the mediator allocated to the case now (`cases.selectors.is_case_mediator`: the
    participant row an allocation makes and its end removes)."""
    return is_case_mediator(user, case)


def is_declared_mediator(user: User, case: Case) -> bool:
    """The allocated mediator, once they have declared they are independent of the family and the bodies: until
    then they may see who is involved (to check), but nothing said in confidence."""
    allocation = active_allocation(case)
    return (allocation is not None and user.is_authenticated and allocation.mediator.user_id == user.pk
            and allocation.declared_independent_at is not None)


def mediator_profile_of(user: User) -> MediatorProfile | None:
    if not user.is_authenticated:
        return None
    return MediatorProfile.objects.filter(user=user).first()


def mediator_caseload(profile: MediatorProfile):
    # Cases still open: a closed one stays in the mediator's list of all their cases (/cases/), not in the
    # caseload they are working, which would otherwise grow with every case they ever had.
    return (Allocation.objects.filter(mediator=profile, ended_at__isnull=True, case__state__in=OPEN_STATES)
            .select_related("case", "case__local_authority").order_by("-allocated_at"))


def mediator_availability(profile: MediatorProfile, *, since: datetime | None = None):
    return AvailabilitySlot.objects.filter(mediator=profile, end__gte=since or timezone.now())
