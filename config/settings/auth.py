from config.env import PRODUCTION, VAR_DIR, env

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
# Every per-client limit, allauth's and the service's own (sendresolve.core.limits), in allauth's notation:
# "amount/period/per", per "ip" (the client address, see TRUSTED_PROXY_COUNT) or "key" (an e-mail address, one
# request). Ten wrong passwords for one account lock it for 15 minutes; a client address is slowed down too.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="30/15m/ip,10/15m/key"),
    "login": "60/m/ip",
    "request_login_code": "10/15m/ip,5/15m/key",
    "reset_password": "10/15m/ip,5/15m/key",
    # The family's online request: codes to check the address (3 per request, 5 an hour to one address),
    # requests sent (5 a day from one address) and letters uploaded before sending.
    "family_request_code": env.str("FAMILY_REQUEST_CODE_RATE_LIMIT", default="20/h/ip,5/h/key"),
    "family_request_code_per_request": "3/h/key",
    "family_request_send": env.str("FAMILY_REQUEST_SEND_RATE_LIMIT", default="20/d/ip,5/d/key"),
    "family_request_letter": env.str("FAMILY_REQUEST_LETTER_RATE_LIMIT", default="20/h/ip"),
    # The public certificate check: enough for a person, useless for guessing.
    "verify_certificate": env.str("VERIFY_CERTIFICATE_RATE_LIMIT", default="10/10m/ip"),
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SEND Resolve"
# A code is also accepted in the 30-second step before and after the server's (RFC 6238, 5.2: clock drift and the
# time it takes to type it). Without it a code typed in a step's last seconds fails; each code still works once.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "sendresolve.accounts.adapters.MFAAdapter"


def _mfa_encryption_keys() -> list[str]:
    """Fernet keys (newest first) for authenticator secrets. Production reads them from the environment; the
    embedded mode makes one for this installation and keeps it beside the database, never in the repository."""
    if "MFA_ENCRYPTION_KEYS" in env.ENVIRON or PRODUCTION:
        return env.list("MFA_ENCRYPTION_KEYS")
    from cryptography.fernet import Fernet

    path = VAR_DIR / "mfa_encryption_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(Fernet.generate_key().decode())
    return [path.read_text().strip()]


MFA_ENCRYPTION_KEYS = _mfa_encryption_keys()
