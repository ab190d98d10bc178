from django.apps import AppConfig


class FeesConfig(AppConfig):
    """Mediators' time on each case, their rate cards and the monthly self-billing statements they accept."""

    name = "sendresolve.fees"
    verbose_name = "Mediators' fees and time"
