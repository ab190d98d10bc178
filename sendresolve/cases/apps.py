from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sendresolve.cases"
    verbose_name = "Cases"
