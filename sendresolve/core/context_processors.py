from django.conf import settings

from sendresolve.accounts.selectors import user_access


def service(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "access": user_access(user) if user is not None else None,
    }
