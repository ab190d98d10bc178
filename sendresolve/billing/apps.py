from django.apps import AppConfig


class BillingConfig(AppConfig):
    """What each commissioning body pays: contracts and price lists, invoices drafted from the billable events of its
    cases (and the families' approved expenses), issued with gap-free numbers and reversed only by credit notes."""

    name = "sendresolve.billing"
    verbose_name = "Contracts and invoices"

    def ready(self) -> None:
        from sendresolve.billing.issued import ATTACHMENT_RESOLVERS as INVOICE_RESOLVERS
        from sendresolve.billing.selectors import drafts_waiting
        from sendresolve.billing.timeline import BillingEvent
        from sendresolve.cases.events import register_event_types
        from sendresolve.core.waiting import register_waiting
        from sendresolve.notifications.delivery import ATTACHMENT_RESOLVERS

        register_event_types(BillingEvent)
        register_waiting(drafts_waiting)
        ATTACHMENT_RESOLVERS.update(INVOICE_RESOLVERS)
