"""Reads about mediators' time and statements. A mediator reads only their own; a service manager reads everyone's.
Anyone else, and a mediator asking for someone else's, gets 404, as if it did not exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404
from django.urls import reverse

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import user_access
from sendresolve.cases.models import Case, Participant
from sendresolve.clock.months import month_end
from sendresolve.core.waiting import Waiting
from sendresolve.fees.drafting import end_of, start_of
from sendresolve.fees.models import Statement, TimeEntry
from sendresolve.mediators.models import MediatorProfile
from sendresolve.meetings.models import Meeting

TIME_LISTED = 100  # a mediator's time page lists this many entries, newest first; older time is on their statements
STATEMENTS_LISTED = 100


def sees_all_fees(user: User) -> bool:
    return Role.SERVICE_MANAGER in user_access(user).roles


def own_profile(user: User) -> MediatorProfile:
    """The signed-in mediator's register entry, or 404 for anyone not on the register."""
    profile = MediatorProfile.objects.filter(user=user).select_related("user").first() if user.is_authenticated \
        else None
    if profile is None:
        raise Http404("You are not on the mediator register")
    return profile


def cases_to_record_on(user: User) -> list[Case]:
    """The cases allocated to the mediator now (their participant rows), open or closed, newest first."""
    return list(Case.objects.filter(participants__user=user, participants__role=Participant.Role.MEDIATOR)
                .only("id", "reference", "kind").order_by("-id").distinct())


def meetings_to_record(user: User) -> list[Meeting]:
    """Meetings held on the mediator's cases for which they have not recorded the meeting's time."""
    recorded = TimeEntry.objects.filter(meeting=OuterRef("pk"), mediator__user=user)
    return list(Meeting.objects.filter(status=Meeting.Status.HELD, case__participants__user=user,
                                       case__participants__role=Participant.Role.MEDIATOR)
                .exclude(Exists(recorded)).select_related("case").order_by("-start").distinct()[:20])


def meeting_to_record(user: User, meeting_id: str | int | None) -> Meeting | None:
    """A held meeting on one of the mediator's cases, to fill in their time from; 404 for any other."""
    if meeting_id in (None, ""):
        return None
    if not str(meeting_id).isdigit():
        raise Http404("No such meeting")
    meeting = (Meeting.objects.filter(pk=int(meeting_id), status=Meeting.Status.HELD, case__participants__user=user,
                                      case__participants__role=Participant.Role.MEDIATOR)
               .select_related("case").first())
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def own_time(profile: MediatorProfile) -> list[TimeEntry]:
    return list(TimeEntry.objects.filter(mediator=profile).select_related("case", "statement")
                .order_by("-worked_on", "-id")[:TIME_LISTED])


def time_entry_for(user: User, entry_id: int) -> TimeEntry:
    """The mediator's own time entry; 404 for anyone else's."""
    entry = (TimeEntry.objects.filter(pk=entry_id, mediator__user=user).select_related("case", "statement", "mediator")
             .first() if user.is_authenticated else None)
    if entry is None:
        raise Http404("No such time")
    return entry


def statement_for(user: User, statement_id: int) -> Statement:
    """The statement, for its mediator or a service manager; 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404("No such statement")
    statement = Statement.objects.select_related("mediator__user", "agreement").filter(pk=statement_id).first()
    if statement is None or not (statement.mediator.user_id == user.pk or sees_all_fees(user)):
        raise Http404("No such statement")
    return statement


def own_statements(profile: MediatorProfile) -> list[Statement]:
    return list(Statement.objects.filter(mediator=profile).order_by("-period_start")[:STATEMENTS_LISTED])


def all_statements(user: User) -> list[Statement]:
    """Every mediator's statements, the ones waiting on someone first (service managers only)."""
    if not sees_all_fees(user):
        raise Http404("No such page")
    opened = list(Statement.objects.exclude(status=Statement.Status.ACCEPTED).select_related("mediator__user")
                  .order_by("waiting_since", "id"))
    accepted = list(Statement.objects.filter(status=Statement.Status.ACCEPTED).select_related("mediator__user")
                    .order_by("-accepted_at", "-id")[:STATEMENTS_LISTED])
    return opened + accepted


def accepted_in_month(user: User, month_start_day) -> list[Statement]:
    """The statements accepted in a calendar month, to pay (service managers only), by number."""
    if not sees_all_fees(user):
        raise Http404("No such page")
    return list(Statement.objects.filter(status=Statement.Status.ACCEPTED, accepted_at__gte=start_of(month_start_day),
                                         accepted_at__lte=end_of(month_end(month_start_day)))
                .select_related("mediator__user").order_by("number"))


@dataclass(frozen=True)
class Unbilled:
    mediator: str
    entries: int
    minutes: int


def time_not_on_a_statement(user: User) -> list[Unbilled]:
    """Per mediator, the time recorded that waits for a statement (service managers only)."""
    if not sees_all_fees(user):
        raise Http404("No such page")
    rows = (TimeEntry.objects.filter(statement__isnull=True).values("mediator__user__full_name")
            .annotate(entries=Count("id"), minutes=Sum("minutes")).order_by("mediator__user__full_name"))
    return [Unbilled(row["mediator__user__full_name"], row["entries"], row["minutes"]) for row in rows]


def statement_lines(statement: Statement):
    return statement.lines.order_by("position")


def unpriced_lines(statement: Statement) -> int:
    return statement.lines.filter(rate_card__isnull=True).count()


def statements_waiting(user: User, limit: int = 10) -> list[Waiting]:
    """The home page's source (`core.waiting`): a mediator's statements to accept; the disputed statements a service
    manager must answer. One query each."""
    if not user.is_authenticated:
        return []
    items: list[Waiting] = []
    for statement in (Statement.objects.filter(status=Statement.Status.AWAITING, mediator__user=user)
                      .order_by("waiting_since", "id")[:limit]):
        items.append(Waiting(what="Statement of your fees to accept", reference=statement.month_words,
                             url=reverse("fee_statement", args=[statement.pk]), since=statement.waiting_since))
    if sees_all_fees(user):
        for statement in (Statement.objects.filter(Q(status=Statement.Status.DISPUTED))
                          .select_related("mediator__user").order_by("waiting_since", "id")[:limit]):
            items.append(Waiting(what="Disputed statement to answer",
                                 reference=f"{statement.mediator.user.full_name}, {statement.month_words}",
                                 url=reverse("fee_statement", args=[statement.pk]), since=statement.waiting_since))
    return items
