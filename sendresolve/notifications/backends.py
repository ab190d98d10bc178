"""The e-mail backend of an embedded service with no mail server configured and no demo: it sends nothing and
says why. (The console backend, which prints every message, sign-in codes and children's details included, to
the terminal, is only for the demo.)"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

NO_MAIL_SERVER = ("No e-mail server is configured: set EMAIL_URL (for example "
                  "smtp+tls://user:password@smtp.example.org:587). Only the demo prints e-mail to the terminal.")


class NoMailServerBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ImproperlyConfigured(NO_MAIL_SERVER)


def mail_server_missing() -> bool:
    """Whether the service would send nothing: what `up` and the worker refuse to start with."""
    configured = settings.MAILERS.get("default", {}).get("BACKEND", "")
    return configured == f"{__name__}.{NoMailServerBackend.__name__}"
