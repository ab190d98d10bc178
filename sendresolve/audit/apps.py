from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sendresolve.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from sendresolve.audit.admin_audit import audit_every_admin

        audit_every_admin()
