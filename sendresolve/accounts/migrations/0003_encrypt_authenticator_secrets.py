"""Authenticator secrets stored in clear before they were encrypted at rest (accounts.adapters.MFAAdapter) are
encrypted with the first of MFA_ENCRYPTION_KEYS."""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import migrations

SECRET_FIELDS = {"totp": "secret", "recovery_codes": "seed"}


def encrypt_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    fernet = MultiFernet([Fernet(key) for key in settings.MFA_ENCRYPTION_KEYS])
    for authenticator in Authenticator.objects.filter(type__in=SECRET_FIELDS).iterator():
        field = SECRET_FIELDS[authenticator.type]
        value = authenticator.data.get(field)
        if not value:
            continue
        try:
            fernet.decrypt(value.encode())
            continue  # already encrypted
        except InvalidToken:
            authenticator.data[field] = fernet.encrypt(value.encode()).decode()
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_addresses_the_service_stands_behind"), ("mfa", "0003_authenticator_type_uniq")]

    operations = [migrations.RunPython(encrypt_secrets, migrations.RunPython.noop)]
