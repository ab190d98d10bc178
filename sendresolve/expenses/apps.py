from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    """Families' expenses of attending mediation (Children and Families Act 2014 s.56(1)(g)): what can be claimed,
    the claims, and the paying body's decisions on them."""

    name = "sendresolve.expenses"
    verbose_name = "Families' expenses"

    def ready(self) -> None:
        from sendresolve.cases import extensions
        from sendresolve.cases.events import register_event_types
        from sendresolve.core.waiting import register_waiting
        from sendresolve.expenses.events import ExpenseEvent
        from sendresolve.expenses.selectors import case_expenses_panel, claims_waiting_for, family_meeting_notes

        register_event_types(ExpenseEvent)
        extensions.register(extensions.CASE_PANELS, case_expenses_panel)
        extensions.register(extensions.MEETING_FAMILY_NOTES, family_meeting_notes)
        register_waiting(claims_waiting_for)
