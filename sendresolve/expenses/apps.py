from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    """Families' expenses of attending mediation (Children and Families Act 2014 s.56(1)(g)): what can be claimed,
    the claims, and the paying body's decisions on them."""

    name = "sendresolve.expenses"
    verbose_name = "Families' expenses"

    def ready(self) -> None:
        from sendresolve.cases.events import register_event_types
        from sendresolve.expenses.events import ExpenseEvent

        register_event_types(ExpenseEvent)
