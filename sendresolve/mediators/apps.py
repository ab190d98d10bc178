from django.apps import AppConfig


class MediatorsConfig(AppConfig):
    name = "sendresolve.mediators"
    verbose_name = "Mediators"

    def ready(self) -> None:
        from sendresolve.cases.events import register_event_types
        from sendresolve.mediators.events import MediatorEvent

        register_event_types(MediatorEvent)
