from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sendresolve.core"
    verbose_name = "Service"
