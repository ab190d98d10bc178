from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sendresolve.portal.demo import demo_is_needed, demo_load


class Command(BaseCommand):
    help = "Loads demo organisations and one user per role into an empty database."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data, with its published passwords, is never loaded in production mode.")
        if not demo_is_needed():
            self.stdout.write("The database already has users: demo data not loaded.")
            return
        for role, email, how in demo_load():
            self.stdout.write(f"  {role:<28} {email:<38} {how}")
        self.stdout.write("Staff set up an authenticator app (the QR code is shown) the first time they sign in.")
