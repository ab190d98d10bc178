"""Every existing account's address becomes the one the service stands behind (see accounts.services), so people
typed on cases are matched only through these rows from now on."""

from django.db import migrations


def own_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    EmailAddress.objects.filter(primary=True).update(primary=False)
    for user in User.objects.all().iterator():
        email = user.email.lower()
        EmailAddress.objects.filter(user=user).exclude(email=email).delete()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"primary": True, "verified": True})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("account", "0009_emailaddress_unique_primary_email")]

    operations = [migrations.RunPython(own_addresses, migrations.RunPython.noop)]
