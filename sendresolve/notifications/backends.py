"""The e-mail backends: SMTP that keeps the server's reply to each message, and the backend of an embedded service
with no mail server configured and no demo, which sends nothing and says why. (The console backend, which prints
every message, sign-in codes and children's details included, to the terminal, is only for the demo.)"""

import smtplib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends import smtp
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


class _KeepsReply:
    """An SMTP connection that keeps the server's answer to each message it sends (smtplib's `sendmail` drops it)."""

    last_reply = ""

    def data(self, msg):
        code, reply = super().data(msg)
        self.last_reply = f"{code} {reply.decode('utf-8', 'replace') if isinstance(reply, bytes) else reply}"
        return code, reply


class _Smtp(_KeepsReply, smtplib.SMTP):
    pass


class _SmtpSsl(_KeepsReply, smtplib.SMTP_SSL):
    pass


class SmtpEmailBackend(smtp.EmailBackend):
    """Django's SMTP backend, which also says what the server answered when it accepted the last message
    ("250 2.0.0 Ok: queued as 4Xk9"): recorded with the message as the proof that it left the service."""

    @property
    def connection_class(self):
        return _SmtpSsl if self.use_ssl else _Smtp

    def _send(self, email_message):
        if self.connection is not None:
            self.connection.last_reply = ""
        return super()._send(email_message)

    @property
    def last_reply(self) -> str:
        return getattr(self.connection, "last_reply", "")[:500]
