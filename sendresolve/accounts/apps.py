from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sendresolve.accounts"
    verbose_name = "Organisations and people"

