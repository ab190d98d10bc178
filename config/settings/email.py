"""E-mail, in Django 6.1's MAILERS: one "default" mailer from EMAIL_URL (SMTP in production), the console for the
demo, and otherwise a backend that refuses to send and says why."""

from config.env import DEMO, PRODUCTION, env

NO_MAIL_SERVER_BACKEND = "sendresolve.notifications.backends.NoMailServerBackend"
EMAIL_TIMEOUT_SECONDS = env.int("EMAIL_TIMEOUT", default=30)


def _default_mailer() -> dict:
    if "EMAIL_URL" in env.ENVIRON or PRODUCTION:
        url = env.email_url("EMAIL_URL")
        if not url["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
            return {"BACKEND": url["EMAIL_BACKEND"]}
        # Django's SMTP backend, keeping the server's reply to each message (the proof it was accepted).
        return {"BACKEND": "sendresolve.notifications.backends.SmtpEmailBackend", "OPTIONS": {
            "host": url["EMAIL_HOST"], "port": url["EMAIL_PORT"],
            "username": url["EMAIL_HOST_USER"], "password": url["EMAIL_HOST_PASSWORD"],
            "use_tls": url.get("EMAIL_USE_TLS", False), "use_ssl": url.get("EMAIL_USE_SSL", False),
            "timeout": url.get("OPTIONS", {}).get("TIMEOUT", EMAIL_TIMEOUT_SECONDS),
        }}
    if DEMO:
        # The demo's people are invented: their sign-in codes are printed in the terminal running `sendresolve up`.
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return {"BACKEND": NO_MAIL_SERVER_BACKEND}


MAILERS = {"default": _default_mailer()}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SEND Resolve <no-reply@sendresolve.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The domain of every Message-ID: a repeat delivery carries the same ID and can be recognised.
MESSAGE_ID_DOMAIN = env.str("MESSAGE_ID_DOMAIN", default="sendresolve.localhost")
# Where reports of failed delivery go (ADR 18): each message's envelope sender is `bounces+<token>@domain` for
# `bounces@domain`, and the mail server of that domain pipes what arrives to `sendresolve receive-bounce`. Empty:
# messages go out with DEFAULT_FROM_EMAIL as their envelope sender and no bounce comes back to the service.
BOUNCE_ADDRESS = env.str("BOUNCE_ADDRESS", default="")
if BOUNCE_ADDRESS and (BOUNCE_ADDRESS.count("@") != 1 or "+" in BOUNCE_ADDRESS):
    raise ValueError(f"BOUNCE_ADDRESS must be one plain address, like bounces@example.org: not {BOUNCE_ADDRESS!r}")
