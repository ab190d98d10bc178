"""How a plan's action is timed, in the words the parties read (legal review L7, L9)."""

from django import template

from sendresolve.agreements.duties import has_legal_date

register = template.Library()


@register.simple_tag
def action_time_limit(action, case) -> str:
    if not has_legal_date(case, action.responsible):
        where = "disagreement resolution" if case.kind == "dr" else "mediation"
        weeks = f"{action.agreed_weeks} weeks from the agreement" if action.agreed_weeks else "The date agreed"
        return f"{weeks}, as agreed at {where} (the law sets no time limit)"
    if action.agreed_weeks:
        return f"{action.agreed_weeks} weeks, agreed in writing (regulation 42(5))"
    if action.kind == "non_appealable":
        return "2 weeks from the agreement (regulation 42(3))"
    return "As if the Tribunal had ordered it (regulations 42(2) and 44)"
