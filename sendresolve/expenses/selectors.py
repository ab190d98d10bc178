"""Reading claims: a case's claims as each person may see them, what the family is told before the meeting, the
paying body's claims waiting for a decision (its home-page queue), and a claim by reference for one person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sendresolve.accounts.models import User
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.models import Case, Participant
from sendresolve.cases.selectors import participants_read
from sendresolve.clock.expense_periods import claim_window_ends, decision_due
from sendresolve.core.waiting import Waiting
from sendresolve.expenses import access
from sendresolve.expenses.access import acts_for_paying_body, claims_seen_by, is_case_worker, paying_bodies_of
from sendresolve.expenses.claims import meeting_claimable, meeting_day
from sendresolve.expenses.models import CLAIMABLE_ROLES, ExpenseClaim
from sendresolve.expenses.policies import paying_body_of, policy_for, what_can_be_claimed
from sendresolve.meetings.models import Meeting

WAITING_STATUSES = (ExpenseClaim.Status.SUBMITTED, ExpenseClaim.Status.REVIEW_REQUESTED)


def claim_for(user: User, reference: str) -> ExpenseClaim:
    """The claim, for someone who may see it; anyone else gets a 404, as if it did not exist."""
    claims = ExpenseClaim.objects.select_related("case", "claimant", "paying_body", "policy", "meeting")
    seen = claims_seen_by(user)
    claim = (claims if seen is None else claims.filter(seen)).filter(reference=reference).first()
    if claim is None:
        raise Http404("No such claim")
    return claim


def case_claims(user: User, case: Case) -> list[ExpenseClaim]:
    seen = claims_seen_by(user)
    claims = ExpenseClaim.objects.filter(case=case).select_related("claimant", "paying_body")
    return list(claims if seen is None else claims.filter(seen))


def claimant_for(user: User, case: Case) -> Participant | None:
    """The user's own place on the case, if they may claim from it (the family's side)."""
    if not user.is_authenticated:
        return None
    read = participants_read(case)  # the case page has read them already
    if read is not None:
        return next((p for p in read if p.user_id == user.pk and p.role in CLAIMABLE_ROLES), None)
    return Participant.objects.filter(case=case, user_id=user.pk, role__in=CLAIMABLE_ROLES).order_by("id").first()


def claimable_meetings(case: Case) -> list[Meeting]:
    """The case's meetings costs can be claimed for now, newest first, each within its policy's window."""
    paying_body = paying_body_of(case)
    today = timezone.localdate()
    meetings = []
    for meeting in case.meetings.prefetch_related("changes").order_by("-start"):
        policy = policy_for(paying_body, meeting_day(meeting))
        if (meeting_claimable(meeting, covers_cancelled=policy.cancellation_covers_costs)
                and today <= claim_window_ends(meeting_day(meeting), policy.claim_window_days)):
            meetings.append(meeting)
    return meetings


def family_expenses_text(case: Case, on: date | None = None) -> str:
    """The sentence the family reads before the meeting (meeting page, invitation, case page)."""
    policy = policy_for(paying_body_of(case), on or timezone.localdate())
    return what_can_be_claimed(policy, kind=case.kind)


def family_meeting_notes(case: Case) -> list[str]:
    """For `cases.extensions.MEETING_FAMILY_NOTES`: what the family can claim for the meeting."""
    text = family_expenses_text(case)
    return [text] if text else []


def case_expenses_panel(user: User, case: Case) -> dict[str, Any]:
    """The case page's expenses panel: the claims this user sees, and whether they can start one."""
    claims = case_claims(user, case)
    claimant = claimant_for(user, case)
    can_claim = claimant is not None or is_case_worker(user)
    if not claims and not can_claim:
        return {}
    return {"expenses_panel": {"claims": claims, "can_claim": can_claim,
                               "text": family_expenses_text(case) if can_claim else ""}}


def decision_due_on(claim: ExpenseClaim) -> date:
    since = claim.review_requested_at or claim.submitted_at
    return decision_due(timezone.localdate(since), claim.policy.decision_working_days, service_calendar())


def claims_waiting_for(user: User, limit: int = 10) -> list[Waiting]:
    """`core.waiting` source: claims waiting for a decision or review, for the paying body's officers."""
    bodies = paying_bodies_of(user) if user.is_authenticated else set()
    if not bodies:
        return []
    rows = (ExpenseClaim.objects.filter(paying_body_id__in=bodies, status__in=WAITING_STATUSES)
            .select_related("case", "policy").order_by("submitted_at", "id")[:limit])
    items = []
    for claim in rows:
        review = claim.status == ExpenseClaim.Status.REVIEW_REQUESTED
        what = "Expense claim to review" if review else "Expense claim to decide"
        items.append(Waiting(what=f"{what} ({claim.reference}), by {decision_due_on(claim):%-d %B %Y}",
                             reference=claim.case.reference,
                             url=reverse("expense_claim", args=[claim.reference]),
                             since=claim.review_requested_at or claim.submitted_at))
    return items


def claims_list(user: User, *, waiting_only: bool = False, limit: int = 100) -> list[ExpenseClaim]:
    """The claims page: what this user sees, newest sent first."""
    seen = claims_seen_by(user)
    claims = ExpenseClaim.objects.select_related("case", "paying_body", "claimant")
    claims = claims if seen is None else claims.filter(seen)
    if waiting_only:
        claims = claims.filter(status__in=WAITING_STATUSES)
    return list(claims.order_by("-submitted_at", "-id")[:limit])


def decides(user: User, claim: ExpenseClaim) -> bool:
    return claim.status != ExpenseClaim.Status.DRAFT and acts_for_paying_body(user, claim.paying_body_id)


def claimants_for(user: User, case: Case) -> list[Participant]:
    """Whom this user can claim for on the case: themselves (the family's side), or anyone on the family's side for
    the provider's staff (a family on the phone)."""
    if is_case_worker(user):
        return list(case.participants.filter(role__in=CLAIMABLE_ROLES).order_by("id"))
    own = claimant_for(user, case)
    return [own] if own is not None else []


def meeting_label(meeting: Meeting) -> str:
    state = {Meeting.Status.HELD: "held", Meeting.Status.CANCELLED: "cancelled"}.get(meeting.status, "")
    return f"{meeting_day(meeting):%-d %B %Y}, {meeting.get_format_display().lower()}" + (f" ({state})" if state
                                                                                          else "")


def may_ask_review(user: User, claim: ExpenseClaim) -> bool:
    return (claim.status == ExpenseClaim.Status.DECIDED and claim.review_requested_at is None
            and (access.is_claimant(user, claim) or is_case_worker(user))
            and claim.lines.exclude(decision="approved").exists())


def may_record_payment(user: User, claim: ExpenseClaim) -> bool:
    return (claim.status in (ExpenseClaim.Status.DECIDED, ExpenseClaim.Status.REVIEWED)
            and bool(claim.total_approved) and access.may_record_payment(user, claim))


def lines_to_decide(claim: ExpenseClaim) -> list:
    """Every line for a decision; for a review, the lines not approved in full."""
    lines = claim.lines.order_by("incurred_on", "id")
    if claim.status == ExpenseClaim.Status.REVIEW_REQUESTED:
        lines = lines.exclude(decision="approved")
    return list(lines)
