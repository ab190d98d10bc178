from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sendresolve.audit"
    verbose_name = "Audit log"
