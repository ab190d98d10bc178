from config.env import DEMO, PRODUCTION, env

if "EMAIL_URL" in env.ENVIRON or PRODUCTION:
    vars().update(env.email_url("EMAIL_URL"))
elif DEMO:
    # The demo's people are invented: their sign-in codes are printed in the terminal running `sendresolve up`.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "sendresolve.notifications.backends.NoMailServerBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SEND Resolve <no-reply@sendresolve.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The domain of every Message-ID: a repeat delivery carries the same ID and can be recognised.
MESSAGE_ID_DOMAIN = env.str("MESSAGE_ID_DOMAIN", default="sendresolve.localhost")
