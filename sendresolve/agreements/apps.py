from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "sendresolve.agreements"
    verbose_name = "Agreements and follow-up"
