from config.env import PRODUCTION, env

if "EMAIL_URL" in env.ENVIRON or PRODUCTION:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SEND Resolve <no-reply@sendresolve.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The domain of every Message-ID: a repeat delivery carries the same ID and can be recognised.
MESSAGE_ID_DOMAIN = env.str("MESSAGE_ID_DOMAIN", default="sendresolve.localhost")
