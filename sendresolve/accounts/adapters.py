import time

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sendresolve.audit.services import audit_record
from sendresolve.core.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators and case officers, never by sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Sign-in codes and password resets go through the outbox like every other message."""
        from sendresolve.notifications.services import email_enqueue

        message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
        email_enqueue(to=email, subject=message.subject, body_text=message.body, body_html=html)

    def get_client_ip(self, request) -> str:
        """allauth's limits count per client, not per proxy: the service's one reading of the address."""
        return client_ip(request) or "0.0.0.0"

    def login(self, request, user) -> None:
        from sendresolve.accounts.middleware import LAST_SEEN_KEY

        super().login(request, user)
        request.session[LAST_SEEN_KEY] = time.time()  # the idle clock starts at sign-in
        audit_record(actor=user, action="sign_in", target=user, request=request, summary="Signed in")

    def logout(self, request) -> None:
        user = request.user if request.user.is_authenticated else None
        if user is not None:
            audit_record(actor=user, action="sign_out", target=user, request=request, summary="Signed out")
        super().logout(request)

    def authentication_failed(self, request, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        email = credentials.get("email") or credentials.get("username") or ""
        audit_record(actor=None, action="sign_in_failed", request=request, summary=f"Failed sign-in for {email}")

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A staff member setting up their first authenticator straight after signing in with their password is
        not asked for it again. Everything else that is sensitive (turning the authenticator off, new recovery
        codes) asks again, however recent the sign-in."""
        from sendresolve.accounts.selectors import user_has_mfa

        request = getattr(context, "request", None)
        if request is not None and request.user.is_authenticated and not user_has_mfa(request.user):
            records = get_authentication_records(request, request.user)
            if (records and records[-1].get("method") == "password"
                    and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

class MFAAdapter(DefaultMFAAdapter):
    """Authenticator secrets (TOTP keys, the seed of recovery codes) are encrypted at rest with keys from the
    environment (`MFA_ENCRYPTION_KEYS`, newest first: older keys still decrypt, so keys can be rotated). A copy of
    the database alone does not let anyone make a staff member's codes."""

    def _fernet(self) -> MultiFernet:
        keys = settings.MFA_ENCRYPTION_KEYS
        if not keys:
            raise ImproperlyConfigured("MFA_ENCRYPTION_KEYS is empty: authenticator secrets cannot be stored.")
        return MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, text: str) -> str:
        return self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return self._fernet().decrypt(encrypted_text.encode()).decode()
        except InvalidToken as error:
            raise ImproperlyConfigured("An authenticator secret cannot be decrypted with MFA_ENCRYPTION_KEYS: "
                                       "was a key removed?") from error
