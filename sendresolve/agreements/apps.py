from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "sendresolve.agreements"
    verbose_name = "Agreements and follow-up"

    def ready(self) -> None:
        from sendresolve.agreements.issued import plan_docx_attachment, plan_pdf_attachment
        from sendresolve.notifications.services import ATTACHMENT_RESOLVERS

        ATTACHMENT_RESOLVERS["plan_pdf"] = plan_pdf_attachment
        ATTACHMENT_RESOLVERS["plan_docx"] = plan_docx_attachment
