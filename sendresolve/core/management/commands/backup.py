from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from sendresolve.core.backup import BackupRefused, backup_create, human_size
from sendresolve.core.backup_engines import ENGINE_LABELS, BackupFailed, one_line


class Command(BaseCommand):
    # Works when a check fails (a backup is most wanted when something is wrong); it needs the database alone.
    requires_system_checks = []
    help = ("Backs up the database and the stored files (letters, evidence, issued documents) to FILE, a new archive "
            "readable by this service's user alone, with a signed manifest of SHA-256 checksums.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive to write (must not exist yet)")

    def handle(self, *args, file: Path, **options):
        try:
            manifest = backup_create(path=file)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        except BackupFailed as failure:
            raise CommandError(f"Not backed up: {failure}.") from failure
        except DatabaseError as error:
            raise CommandError(f"Not backed up: the database did not answer: {one_line(error)}") from error
        except OSError as error:  # a folder that cannot be written, a full disk: said in one line, not a traceback
            raise CommandError(f"Not backed up: {error}") from error
        files = [member for member in manifest["members"] if member["name"].startswith("files/")]
        size = sum(member["size"] for member in manifest["members"])
        self.stdout.write(f"Backed up the {ENGINE_LABELS[manifest['engine']]} database and {len(files):,} stored "
                          f"files ({human_size(size)} in all) to {file}.")
        if manifest["missing_files"]:
            shown = ", ".join(manifest["missing_files"][:3])
            self.stderr.write(f"{len(manifest['missing_files'])} files the database names were already missing from "
                              f"the storage before this backup ({shown}); the manifest lists them as missing_files.")
        self.stdout.write("Restore needs the keys, which are not in the backup: keep DJANGO_SECRET_KEY (it signed "
                          "the manifest) and MFA_ENCRYPTION_KEYS safe and apart from it (embedded mode: var/secret_key "
                          "and var/mfa_encryption_key).")
