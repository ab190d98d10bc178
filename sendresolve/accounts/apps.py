from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sendresolve.accounts"
    verbose_name = "Organisations and people"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from sendresolve.accounts.mfa import mark_enrolled

        def _enrolled(sender, request, user, authenticator, **kwargs):
            if request is not None and authenticator.type == "totp":
                mark_enrolled(request)

        authenticator_added.connect(_enrolled, dispatch_uid="sendresolve_mfa_enrolled")
