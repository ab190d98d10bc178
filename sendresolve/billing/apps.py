from django.apps import AppConfig


class BillingConfig(AppConfig):
    """What each commissioning body pays: contracts and price lists, invoices drafted from the billable events of its
    cases (and the families' approved expenses), issued with gap-free numbers and reversed only by credit notes."""

    name = "sendresolve.billing"
    verbose_name = "Contracts and invoices"
