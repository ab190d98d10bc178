"""Correcting what a mediation case is about: the LA's decision and what is in dispute.

A case classified wrongly at intake (a refusal to assess entered with only Section I ticked, legal review L1) must
not cost the family its certificate: the adviser corrects it, the clock is recomputed, and a case that had been
recorded as needing no certificate goes back to the family's choice.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.audit.services import audit_record
from sendresolve.cases import events
from sendresolve.cases.appeal_rights import asks_which_sections, is_placement_only
from sendresolve.cases.choices import CaseKind, DecisionType, PlanSection
from sendresolve.cases.clockwork import case_store_deadlines
from sendresolve.cases.models import Case, Issue
from sendresolve.cases.states import State, TransitionNotAllowed, transition_for
from sendresolve.cases.transitions import locked_case, require_case_worker

CORRECTABLE_STATES = frozenset(State.values) - {State.CERTIFICATE_ISSUED, State.CLOSED}


def _describe(decision_type: str, sections: list[str], wanted: str) -> str:
    what = ", ".join(sections) if sections else (wanted[:80] or "nothing said")
    return f"{DecisionType(decision_type).label.lower()} ({what})"


def case_correct_decision(*, acting_user: User, case: Case, decision_type: str, sections: list[str],
                          wanted: str = "", reason: str, letter_dated: date | None = None,
                          sent_on: date | None = None) -> Case:
    """Corrects the decision and what is in dispute; with both dates, the letter's dates as the adviser checked them
    against the letter (a family's online request gives only the day it says the letter was sent)."""
    require_case_worker(acting_user)
    if (letter_dated is None) != (sent_on is None):
        raise ValidationError("Enter both dates from the letter, or neither.")
    if letter_dated is not None:
        if sent_on < letter_dated:
            raise ValidationError("The letter cannot be sent before the date on it.")
        if sent_on > timezone.localdate():
            raise ValidationError("The date the letter was sent must be today or in the past.")
    reason, wanted = reason.strip(), wanted.strip()
    if decision_type not in DecisionType.values:
        raise ValidationError("Choose the decision the family disagrees with.")
    if not set(sections) <= set(PlanSection.values):
        raise ValidationError("Choose parts of the plan from the list.")
    if asks_which_sections(decision_type) and not sections:
        raise ValidationError("Select at least one part of the plan in dispute.")
    if not asks_which_sections(decision_type) and not wanted:
        raise ValidationError("Say what the family wants the local authority to do instead.")
    if not reason:
        raise ValidationError("Say why the case is being corrected: the family can see it on their case.")
    with transaction.atomic():
        case = locked_case(case)
        if case.kind != CaseKind.MEDIATION:
            raise ValidationError("Only a mediation case is about a decision of the local authority.")
        if case.state not in CORRECTABLE_STATES:
            raise TransitionNotAllowed(f"This case is at '{State(case.state).label}': a certificate has been "
                                       "issued on what it says, so the decision cannot be corrected here.")
        decision = case.decision
        mediation_issues = case.issues.filter(other_party="")
        was = _describe(decision.type, [i.section for i in mediation_issues if i.section],
                        next((i.description for i in mediation_issues if not i.section), ""))
        decision.type = decision_type
        if letter_dated is not None:
            decision.letter_dated, decision.sent_on, decision.dates_checked = letter_dated, sent_on, True
        decision.save(update_fields=["type", "letter_dated", "sent_on", "dates_checked"])
        mediation_issues.delete()
        issues = [Issue(case=case, section=section) for section in sections]
        if not asks_which_sections(decision_type):
            issues.append(Issue(case=case, description=wanted))
        Issue.objects.bulk_create(issues)
        case.placement_only = is_placement_only(decision_type, sections)
        fields = ["placement_only", "updated_at"]
        if case.state == State.NO_CERTIFICATE_NEEDED and not case.placement_only:
            case.state = transition_for(case.kind, "reopen_certificate_choice", case.state).target
            fields.append("state")
        case.save(update_fields=fields)
        now = _describe(decision_type, sections, wanted)
        events.decision_corrected_event(case=case, actor=acting_user, was=was, now=now, reason=reason)
        audit_record(actor=acting_user, action="update", target=case, summary=f"Corrected the decision: {now}")
        case_store_deadlines(case)
    return case
