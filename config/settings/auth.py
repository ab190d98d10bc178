from config.env import env

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "start"

ACCOUNT_ADAPTER = "sendresolve.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "SEND Resolve: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env.bool("SECURE_LINKS", default=False) else "http"
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Families sign in with a one-time code sent to their e-mail address: no password to remember.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 5
# Ten wrong passwords for one account lock it for 15 minutes; an address is slowed down too.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="30/15m/ip,10/15m/key"),
    "login": "60/m/ip",
    "request_login_code": "10/15m/ip,5/15m/key",
    "reset_password": "10/15m/ip,5/15m/key",
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SEND Resolve"
MFA_RECOVERY_CODE_COUNT = 10
