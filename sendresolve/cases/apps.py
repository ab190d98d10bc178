from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sendresolve.cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from sendresolve.cases.issued import certificate_attachment
        from sendresolve.notifications.delivery import ATTACHMENT_RESOLVERS

        ATTACHMENT_RESOLVERS["certificate"] = certificate_attachment
