"""The two subjects of the retention table: a closed case and a dormant account. Each says which are due today (not
held, not already done) and marks one done; the entries that follow them are in `retention_table.py`."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from sendresolve.accounts.models import Membership, User
from sendresolve.accounts.roles import Role
from sendresolve.cases import events
from sendresolve.cases.extensions import STANDING_RULE_PREFIXES
from sendresolve.cases.models import Case, CaseDeadline, Participant
from sendresolve.cases.states import State
from sendresolve.clock.retention import RetentionPeriod, earliest_kept
from sendresolve.core.timezones import LONDON
from sendresolve.privacy.events import PrivacyEvent
from sendresolve.privacy.models import AnonymisedAccount, AnonymisedCase, LegalHold

ANONYMOUS_PERSON_EMAIL = "anonymised-person@sendresolve.invalid"


def start_of_day(day: date) -> datetime:
    """The first moment of `day` in England: a moment field is 'dated before' `day` when it is earlier than this."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def active_hold_on(case_ref: str = "pk") -> Exists:
    """Whether a legal hold is on the case that `case_ref` (a lookup from the outer row) names."""
    return Exists(LegalHold.objects.filter(case=OuterRef(case_ref), lifted_at__isnull=True))


def _agreed_duties() -> Q:
    """The case's deadlines that outlive it: the duties of an agreed plan (the prefixes apps register)."""
    duties = Q(plan_action__isnull=False)
    for prefix in STANDING_RULE_PREFIXES:
        duties |= Q(rule__startswith=prefix)
    return duties


def case_retention_starts() -> QuerySet:
    """Every closed case with `retention_from`: the later of the day it closed and the day the last of its agreed
    actions was done (or, for one nobody has to report done, such as the family's own, fell due)."""
    last_duty = (CaseDeadline.objects.filter(_agreed_duties(), case=OuterRef("pk"))
                 .annotate(day=Coalesce("met_on", "due")).order_by("-day").values("day")[:1])
    return (Case.objects.filter(state=State.CLOSED, closed_on__isnull=False)
            .annotate(last_duty=Subquery(last_duty))
            .annotate(retention_from=Greatest("closed_on", Coalesce("last_duty", "closed_on"))))


def cases_due(now: datetime, period: RetentionPeriod) -> QuerySet:
    """Closed cases whose period has ended today, with nothing left in anyone's work queue, not under a legal
    hold, and not yet anonymised."""
    kept_from = earliest_kept(timezone.localdate(now), period)
    return (case_retention_starts()
            .filter(retention_from__lt=kept_from)
            .exclude(active_hold_on())
            .exclude(Exists(CaseDeadline.objects.filter(case=OuterRef("pk"), in_queue=True)))
            .exclude(Exists(AnonymisedCase.objects.filter(case=OuterRef("pk")))))


def case_finish(case: Case, now: datetime) -> None:
    AnonymisedCase.objects.create(case=case, anonymised_at=now)
    events.record(case, PrivacyEvent.ANONYMISED, None, staff_only=True)


def accounts_due(now: datetime, period: RetentionPeriod) -> QuerySet:
    """Accounts not used since the period began that are switched off, or belong to a family member whom no case
    names any more (each case's anonymisation removes its link to them)."""
    kept_from = start_of_day(earliest_kept(timezone.localdate(now), period))
    memberships = Membership.objects.filter(user=OuterRef("pk"))
    family_only = (Exists(memberships.filter(role=Role.FAMILY_MEMBER))
                   & ~Exists(memberships.exclude(role=Role.FAMILY_MEMBER)))
    return (User.objects.filter(Q(is_active=False) | Q(family_only))
            .exclude(Exists(Participant.objects.filter(user=OuterRef("pk"))))
            .exclude(Exists(AnonymisedAccount.objects.filter(user=OuterRef("pk"))))
            .annotate(last_seen=Coalesce("last_login", "date_joined"))
            .filter(last_seen__lt=kept_from))


def account_finish(user: User, now: datetime) -> None:
    AnonymisedAccount.objects.create(user=user, anonymised_at=now)


def anonymous_person() -> User:
    """The placeholder account that anonymised rows point at where they must point at someone."""
    user = User.objects.filter(email=ANONYMOUS_PERSON_EMAIL).first()
    if user is None:
        user = User.objects.create_user(email=ANONYMOUS_PERSON_EMAIL, full_name="Anonymised person",
                                        is_active=False)
        AnonymisedAccount.objects.create(user=user, anonymised_at=timezone.now())
    return user
