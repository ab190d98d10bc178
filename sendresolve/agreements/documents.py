"""What a version of the Action Plan says, gathered for the documents app to write down as PDF and Word."""

from __future__ import annotations

from sendresolve.agreements.duties import action_deadlines, duty_obligation
from sendresolve.agreements.models import ActionPlan
from sendresolve.cases.calendar import service_calendar
from sendresolve.cases.models import CaseDeadline, Participant
from sendresolve.documents import action_plans
from sendresolve.documents.action_plans import ActionDate, ActionFacts, AgreementFacts, PlanFacts

DOCX_TYPE = action_plans.DOCX_TYPE


def plan_facts(plan: ActionPlan) -> PlanFacts:
    """The plan as agreed: each action's dates are worked out from the day of this version's agreement, not read
    from the duties (which later change with new dates agreed, and belong to the latest version only)."""
    case = plan.case
    actions = list(plan.actions.all())
    calendar = service_calendar() if plan.agreed_on else None
    family = case.participants.filter(role=Participant.Role.RIGHTS_HOLDER).first()
    agreements = (plan.agreements.select_related("participant").order_by("agreed_at", "id")
                  if plan.agreed_on else [])  # a version as sent carries no agreements: stored before any
    return PlanFacts(
        title=f"Action Plan for case {case.reference}, version {plan.version}", reference=case.reference,
        kind=case.kind, kind_label=case.get_kind_display(), version=plan.version, agreed_on=plan.agreed_on,
        child_name=case.child_name, family_name=family.name if family else "",
        local_authority=case.local_authority.name, issues_discussed=plan.issues_discussed,
        issues_unresolved=plan.issues_unresolved,
        actions=tuple(ActionFacts(
            description=action.description, responsible=action.get_responsible_display(),
            kind=action.get_kind_display(),
            dates=tuple(ActionDate(due=d.due, obligation=duty_obligation(case, action, d), citation=d.rule.citation)
                        for d in sorted(action_deadlines(case, action, plan.agreed_on, calendar),
                                        key=lambda d: (d.due, d.rule.id))) if plan.agreed_on else ())
            for action in actions),
        agreements=tuple(AgreementFacts(typed_name=a.typed_name, role=a.participant.get_role_display(),
                                        agreed_at=a.agreed_at, statement=a.statement) for a in agreements),
        appeal_deadline=CaseDeadline.objects.filter(case=case, rule="T9").values_list("due", flat=True).first(),
    )


def plan_pdf(plan: ActionPlan) -> bytes:
    return action_plans.plan_pdf(plan_facts(plan))


def plan_docx(plan: ActionPlan) -> bytes:
    return action_plans.plan_docx(plan_facts(plan))
