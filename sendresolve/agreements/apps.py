from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "sendresolve.agreements"
    verbose_name = "Agreements and follow-up"

    def ready(self) -> None:
        from sendresolve.agreements.duties import DUTY_RULE_PREFIXES, duty_rows
        from sendresolve.agreements.events import AgreementEvent
        from sendresolve.agreements.issued import plan_docx_attachment, plan_pdf_attachment
        from sendresolve.agreements.outcomes import child_views_recorded
        from sendresolve.agreements.selectors import case_agreement_panel
        from sendresolve.cases import extensions
        from sendresolve.cases.choices import Outcome
        from sendresolve.cases.events import register_event_types
        from sendresolve.cases.transitions import register_guard
        from sendresolve.notifications.delivery import ATTACHMENT_RESOLVERS

        register_event_types(AgreementEvent, result=Outcome)
        extensions.register(extensions.CASE_PANELS, case_agreement_panel)
        extensions.register(extensions.DEADLINE_SOURCES, duty_rows)
        extensions.register(extensions.STANDING_RULE_PREFIXES, *DUTY_RULE_PREFIXES)
        register_guard("conclude", child_views_recorded)

        ATTACHMENT_RESOLVERS["plan_pdf"] = plan_pdf_attachment
        ATTACHMENT_RESOLVERS["plan_docx"] = plan_docx_attachment
