from django.core.management.base import BaseCommand

from sendresolve.privacy.retention_schedule import retention_schedule_markdown


class Command(BaseCommand):
    help = "Prints the retention table as the Markdown of docs/data-protection.md (paste it between the markers)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(retention_schedule_markdown())
