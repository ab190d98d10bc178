from django.apps import AppConfig


class FeesConfig(AppConfig):
    """Mediators' time on each case, their rate cards and the monthly self-billing statements they accept."""

    name = "sendresolve.fees"
    verbose_name = "Mediators' fees and time"

    def ready(self) -> None:
        from sendresolve.cases.events import register_event_types
        from sendresolve.core.waiting import register_waiting
        from sendresolve.fees.events import FeeEvent
        from sendresolve.fees.selectors import statements_waiting

        register_event_types(FeeEvent)
        register_waiting(statements_waiting)
