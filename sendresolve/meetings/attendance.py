"""Who must attend a meeting and who may (SEND Regulations 2014, reg 38; send-rules.md 5.1), decided from the
case's issues, its participants and the consent decisions recorded for them."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from sendresolve.accounts.roles import OrganisationKind
from sendresolve.cases.choices import CaseKind, OtherParty, PlanSection, RightsHolder
from sendresolve.cases.models import Case, Participant
from sendresolve.meetings.models import AttendanceDecision

R = Participant.Role
# The parties themselves attend as of right, and the mediator chairs.
PARTY_ROLES = frozenset({R.RIGHTS_HOLDER, R.SECOND_PARENT, R.LA_DECISION_MAKER, R.ICB_REPRESENTATIVE,
                         R.SOCIAL_CARE, R.MEDIATOR})
DR_PARTY_ROLE = {OtherParty.LA: R.LA_DECISION_MAKER, OtherParty.ICB: R.ICB_REPRESENTATIVE,
                 OtherParty.SCHOOL: R.SCHOOL, OtherParty.COLLEGE: R.SCHOOL, OtherParty.EARLY_YEARS: R.SCHOOL}
FAMILY_SIDE = frozenset({R.RIGHTS_HOLDER, R.SECOND_PARENT, R.SUPPORTER, R.CHILD})


@dataclass(frozen=True)
class Requirement:
    role: str
    why: str


def issue_areas(case: Case) -> set[str]:
    return {PlanSection.area(issue.section) for issue in case.issues.all() if issue.section}


def required_roles(case: Case) -> list[Requirement]:
    """The people a meeting cannot go ahead without."""
    needed = [Requirement(R.RIGHTS_HOLDER, "the family"), Requirement(R.MEDIATOR, "the mediator chairs it")]
    if case.kind == CaseKind.DR:
        for issue in case.issues.all():
            role = DR_PARTY_ROLE.get(issue.other_party)
            if role and all(need.role != role for need in needed):
                needed.append(Requirement(role, f"the disagreement is with {issue.get_other_party_display()}"))
        return needed
    areas = issue_areas(case)
    if areas != {"health"}:  # health-only mediation is arranged by the ICB, without the LA as a party
        needed.append(Requirement(R.LA_DECISION_MAKER, "the LA must attend with authority to settle"))
    if "health" in areas:
        needed.append(Requirement(R.ICB_REPRESENTATIVE, "health issues are in dispute"))
    if "social_care" in areas:
        needed.append(Requirement(R.SOCIAL_CARE, "social care issues are in dispute"))
    return needed


def party_roles(case: Case) -> frozenset[str]:
    """Who is a party. In a young person's own case their parents are not parties: a parent comes as the young
    person's supporter, or with consent (legal review L13)."""
    roles = PARTY_ROLES - {R.SECOND_PARENT} if case.rights_holder == RightsHolder.YOUNG_PERSON else PARTY_ROLES
    if case.kind == CaseKind.DR:
        return roles | {need.role for need in required_roles(case)}
    return roles


@dataclass(frozen=True)
class Standing:
    """Whether a participant may attend, and on what basis, in plain English."""

    participant: Participant
    may_attend: bool
    basis: str
    decided_by_consent: bool = True  # False for the parties and the first supporter, who attend as of right


def attendance_standings(case: Case, participants: list[Participant],
                         decisions: dict[int, AttendanceDecision]) -> list[Standing]:
    """Each participant's standing. `decisions` holds each participant's latest decision."""
    parties = party_roles(case)
    # The family's one supporter of its choice attends as of right (reg 38(1)(b) [P*], Kumar), whoever they are,
    # a SENCO included (SCHOOL_SUPPORTER_AS_OF_RIGHT); with the setting off, school staff need consent.
    first_supporter = min((p.pk for p in participants if p.role == R.SUPPORTER and (
        settings.SCHOOL_SUPPORTER_AS_OF_RIGHT or p.organisation is None
        or p.organisation.kind != OrganisationKind.SCHOOL)), default=None)
    standings = []
    for participant in participants:
        decision = decisions.get(participant.pk)
        if participant.role in parties:
            standing = Standing(participant, True, "The mediator" if participant.role == R.MEDIATOR else "A party",
                                decided_by_consent=False)
        elif participant.pk == first_supporter:
            standing = Standing(participant, True, "The family's supporter, as of right", decided_by_consent=False)
        elif decision is not None:
            when = f"{decision.decided_at:%-d %B %Y}"
            if decision.allowed:
                standing = Standing(participant, True, f"{decision.get_method_display()} on {when}")
            else:
                standing = Standing(participant, False, f"Not allowed to attend ({when}): {decision.reason}")
        elif participant.role == R.CHILD:
            standing = Standing(participant, False, "Attends only if the parent and the mediator agree")
        else:
            standing = Standing(participant, False,
                                "Needs the consent of all parties or, failing that, the mediator's decision")
        standings.append(standing)
    return standings


def latest_decisions(participants: list[Participant]) -> dict[int, AttendanceDecision]:
    decisions: dict[int, AttendanceDecision] = {}
    for decision in AttendanceDecision.objects.filter(participant__in=participants).order_by("decided_at", "id"):
        decisions[decision.participant_id] = decision
    return decisions


def case_standings(case: Case) -> list[Standing]:
    participants = list(case.participants.select_related("user", "organisation"))
    return attendance_standings(case, participants, latest_decisions(participants))


def missing_required(case: Case, standings: list[Standing]) -> list[Requirement]:
    present = {standing.participant.role for standing in standings if standing.may_attend}
    return [need for need in required_roles(case) if need.role not in present]
