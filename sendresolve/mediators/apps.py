from django.apps import AppConfig


class MediatorsConfig(AppConfig):
    name = "sendresolve.mediators"
    verbose_name = "Mediators"

    def ready(self) -> None:
        from sendresolve.cases import extensions
        from sendresolve.mediators.selectors import is_allocated_mediator

        extensions.register(extensions.CASE_MEDIATOR_TESTS, is_allocated_mediator)
