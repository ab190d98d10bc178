from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top of the house: each person's home page, the demo data and `sendresolve up`. It may import every
    app; nothing imports it (ADR 12)."""

    name = "sendresolve.portal"
    verbose_name = "Home pages and first use"
