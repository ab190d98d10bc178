"""Who sees which cases, read from the small side: an LA's own cases, a body's cases it is party to, a person's
cases they take part in. Each is an index on that organisation or person (an LA's queue lines, a body's party rows,
a person's participant rows), never a filter over every case in the country, so an LA officer's pages cost the same
at five million cases as at a hundred thousand. `cases.selectors.cases_visible_to` states the same rule as one
query; a test checks the two agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q

from sendresolve.accounts.models import User
from sendresolve.accounts.roles import Role
from sendresolve.accounts.selectors import user_access
from sendresolve.cases.choices import CaseKind
from sendresolve.cases.models import Case, CaseDeadline, CaseParty, Participant, QueueEntry
from sendresolve.cases.states import State
from sendresolve.core.keyset import Ordering, Source

PROVIDER_ROLES = frozenset({Role.CASE_OFFICER, Role.SERVICE_MANAGER, Role.ADMINISTRATOR})
LA_ROLES = frozenset({Role.LA_OFFICER, Role.LA_DECISION_MAKER})
PARTY_ROLES = frozenset({Role.ICB_REPRESENTATIVE, Role.SOCIAL_CARE_REPRESENTATIVE, Role.SCHOOL_REPRESENTATIVE})

# The work queue: by statutory date, then the deadline's id. Recent cases: newest first by id (ids only grow).
QUEUE_ORDER = Ordering(types=(date, int), key_of=lambda deadline: (deadline.due, deadline.id))
RECENT_ORDER = Ordering(types=(int,), key_of=lambda case: (case.id,), descending=True)


@dataclass(frozen=True, slots=True)
class Authority:
    name: str


@dataclass(frozen=True, slots=True)
class ListedCase:
    """A case as a list shows it: read as plain values, not a model (50 rows of three models each cost more to
    build than the page's queries)."""

    id: int
    reference: str
    local_authority: Authority
    kind: str = ""
    state: str = ""

    @property
    def pk(self) -> int:
        return self.id

    def get_kind_display(self) -> str:
        return CaseKind(self.kind).label

    def get_state_display(self) -> str:
        return State(self.state).label


@dataclass(frozen=True, slots=True)
class QueueLine:
    """A line of a work queue: a deadline, and the case it is on."""

    id: int
    due: date
    rule: str
    obligation: str
    note: str
    act_by: date | None
    case: ListedCase


# The values a line or a listed case is read from, in the order the two constructors below take them.
LINE_VALUES = ("due", "id", "rule", "obligation", "note", "act_by", "case_id", "case__reference",
               "case__local_authority__name")
CASE_VALUES = ("id", "reference", "kind", "state", "local_authority__name")


def _line(row: tuple) -> QueueLine:
    due, deadline_id, rule, obligation, note, act_by, case_id, reference, authority = row
    return QueueLine(deadline_id, due, rule, obligation, note, act_by, ListedCase(case_id, reference,
                                                                                   Authority(authority)))


def _case(row: tuple) -> ListedCase:
    case_id, reference, kind, state, authority = row
    return ListedCase(case_id, reference, Authority(authority), kind, state)


def _line_values(rows, prefix: str = ""):
    # A queue line's own id is its deadline's: the entry's deadline_id, which its index holds.
    names = [prefix + name for name in LINE_VALUES]
    if prefix:
        names[:2] = ["due", "deadline_id"]
    return rows.values_list(*names)


def _case_values(rows, prefix: str = ""):
    names = [prefix + name for name in CASE_VALUES]
    if prefix:
        names[0] = "case_id"
    return rows.values_list(*names)


@dataclass(frozen=True)
class Scope:
    """What a user sees: everything (the provider's staff), or their LAs' cases, their bodies' cases and their
    own."""

    everything: bool
    authority_ids: tuple[int, ...]
    party_ids: tuple[int, ...]
    user_id: int | None


def scope_of(user: User) -> Scope:
    if not user.is_authenticated:
        return Scope(False, (), (), None)
    access = user_access(user)
    return Scope(everything=bool(access.roles & PROVIDER_ROLES),
                 authority_ids=tuple(org.pk for org in access.organisations_for(*LA_ROLES)),
                 party_ids=tuple(org.pk for org in access.organisations_for(*PARTY_ROLES)),
                 user_id=user.pk)


def may_see(user: User, case: Case) -> bool:
    """The per-case access decision: at most two small indexed lookups."""
    scope = scope_of(user)
    if scope.user_id is None:
        return False
    if scope.everything or case.local_authority_id in scope.authority_ids:
        return True
    if scope.party_ids and CaseParty.objects.filter(case=case, organisation_id__in=scope.party_ids).exists():
        return True
    return Participant.objects.filter(case=case, user_id=scope.user_id).exists()


def _participant_case_ids(scope: Scope) -> list[int]:
    return list(Participant.objects.filter(user_id=scope.user_id).order_by().values_list("case_id", flat=True)
                .distinct())


@dataclass(frozen=True)
class QueueFilters:
    local_authority: int | None = None
    kind: str = ""
    state: str = ""
    rule: str = ""
    rule_prefixes: tuple[str, ...] = ()  # only these rules (the agreed actions on a home page)


def _filtered(rows, filters: QueueFilters, *, case: str, rule: str = "rule", local_authority: bool = True):
    conditions = {}
    if filters.local_authority and local_authority:
        conditions[f"{case}local_authority_id"] = filters.local_authority
    if filters.kind:
        conditions[f"{case}kind"] = filters.kind
    if filters.state:
        conditions[f"{case}state"] = filters.state
    if filters.rule:
        conditions[rule] = filters.rule
    rows = rows.filter(**conditions)
    if filters.rule_prefixes:
        rows = rows.filter(reduce(or_, (Q(**{f"{rule}__startswith": prefix}) for prefix in filters.rule_prefixes)))
    return rows


def _entries(organisation_id: int, *, as_party: bool, filters: QueueFilters) -> Source:
    rows = QueueEntry.objects.filter(organisation_id=organisation_id, as_party=as_party)
    # An LA's own lines are all its cases: its filter is the organisation itself.
    rows = _filtered(rows, filters, case="deadline__case__", local_authority=as_party)
    return Source(_line_values(rows, "deadline__"), ("due", "deadline_id"), _line, plain=rows)


def queue_sources(user: User, filters: QueueFilters) -> list[Source]:
    """The work queue's sources for this user: one index each, merged by date (one query each)."""
    scope = scope_of(user)
    if scope.user_id is None:
        return []
    if scope.everything:
        if filters.local_authority:
            return [_entries(filters.local_authority, as_party=False, filters=filters)]
        deadlines = _filtered(CaseDeadline.objects.filter(in_queue=True), filters, case="case__")
        return [Source(_line_values(deadlines), ("due", "id"), _line, plain=deadlines)]
    sources = [_entries(la, as_party=False, filters=filters) for la in scope.authority_ids
               if not filters.local_authority or filters.local_authority == la]
    sources += [_entries(body, as_party=True, filters=filters) for body in scope.party_ids]
    own = _participant_case_ids(scope)
    if own:
        deadlines = _filtered(CaseDeadline.objects.filter(in_queue=True, case_id__in=own), filters, case="case__")
        sources.append(Source(_line_values(deadlines), ("due", "id"), _line, plain=deadlines))
    return sources


def recent_case_sources(user: User) -> list[Source]:
    """Newest cases first for this user: one index each."""
    scope = scope_of(user)
    if scope.user_id is None:
        return []
    if scope.everything:
        return [Source(_case_values(Case.objects.all()), ("id",), _case)]
    sources = [Source(_case_values(Case.objects.filter(local_authority_id=la)), ("id",), _case)
               for la in scope.authority_ids]
    sources += [Source(_case_values(CaseParty.objects.filter(organisation_id=body), "case__"), ("case_id",), _case)
                for body in scope.party_ids]
    sources.append(Source(_case_values(Participant.objects.filter(user_id=scope.user_id), "case__"), ("case_id",),
                          _case))
    return sources


def sees_case_of(user: User, case: str = "case") -> Q | None:
    """A filter for rows of another table that belong to a case this user sees (None: they see every case), written as
    checks on the row's own case (its LA, then an index probe of its parties and its participants), so a list
    driven from a few rows (the booked meetings to come) never reads a body's whole history of cases."""
    scope = scope_of(user)
    if scope.everything:
        return None
    seen = Q(pk__in=[])
    if scope.authority_ids:
        seen |= Q(**{f"{case}__local_authority_id__in": scope.authority_ids})
    if scope.party_ids:
        seen |= Exists(CaseParty.objects.filter(case_id=OuterRef(f"{case}_id"), organisation_id__in=scope.party_ids))
    if scope.user_id is not None:
        seen |= Exists(Participant.objects.filter(case_id=OuterRef(f"{case}_id"), user_id=scope.user_id))
    return seen
