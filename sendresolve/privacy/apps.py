from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """What the service holds about people, for how long, and how a person gets it back or has it erased:
    the retention table and its sweep, subject access exports and erasure. It reads every domain app's models,
    so it sits above them and below the portal (docs/architecture.md)."""

    name = "sendresolve.privacy"
    verbose_name = "Data protection"

    def ready(self) -> None:
        from sendresolve.cases.events import register_event_types
        from sendresolve.privacy.events import PrivacyEvent

        register_event_types(PrivacyEvent)
