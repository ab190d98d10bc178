from django.apps import AppConfig


class MediatorsConfig(AppConfig):
    name = "sendresolve.mediators"
    verbose_name = "Mediators"
