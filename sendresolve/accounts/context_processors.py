from django.conf import settings
from django.utils import timezone

from sendresolve.accounts.selectors import user_access


def service(request) -> dict:
    user = getattr(request, "user", None)
    access = user_access(user) if user is not None else None
    context = {"service_name": settings.SERVICE_NAME, "access": access, "today": timezone.localdate()}
    if access is not None and access.is_staff_member:
        context["idle_timeout_seconds"] = settings.STAFF_IDLE_TIMEOUT_SECONDS
        context["idle_warning_seconds"] = settings.STAFF_IDLE_WARNING_SECONDS
    return context
