from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from sendresolve.core.backup import BackupRefused
from sendresolve.core.backup_engines import ENGINE_LABELS, BackupFailed, one_line
from sendresolve.core.backup_restore import backup_check, backup_restore


class Command(BaseCommand):
    # Works when a check fails (a backup is most wanted when something is wrong); it needs the database alone.
    requires_system_checks = []
    help = ("Restores a backup made by `sendresolve backup` into an empty database and file storage. Every member is "
            "checked against the signed manifest first: a damaged, changed or mismatched backup is refused and nothing "
            "changes. Stop the web processes and workers first.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive `sendresolve backup` wrote")
        parser.add_argument("--check", action="store_true",
                            help="only check the backup as a restore would, changing nothing")
        parser.add_argument("--replace", action="store_true",
                            help="replace a database and file storage that are not empty: everything in them is lost")
        parser.add_argument("--keys-lost", action="store_true",
                            help="restore although this service lacks the DJANGO_SECRET_KEY that signed the backup or "
                                 "the MFA key of its authenticator secrets (checksums are still checked, but a "
                                 "deliberate change would go unnoticed)")

    def handle(self, *args, file: Path, check: bool, replace: bool, keys_lost: bool, **options):
        try:
            if check:
                manifest = backup_check(path=file, keys_lost=keys_lost)
            else:
                restored = backup_restore(path=file, replace=replace, keys_lost=keys_lost)
                manifest = restored.manifest
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        except BackupFailed as failure:
            raise CommandError(f"Not restored: {failure}.") from failure
        except DatabaseError as error:
            raise CommandError(f"Not restored: the database did not answer: {one_line(error)}") from error
        except OSError as error:  # a folder that cannot be written, a full disk: said in one line, not a traceback
            raise CommandError(f"Not restored: {error}") from error
        what = (f"the {ENGINE_LABELS[manifest['engine']]} database taken at {manifest['taken_at']} by SEND Resolve "
                f"{manifest['service_version']}")
        if check:
            self.stdout.write(f"{file} is whole and can be restored here: {what}, "
                              f"{len(manifest['members']) - 1:,} stored files.")
            return
        self.stdout.write(f"Restored {what}, and {restored.files:,} stored files, from {file}.")
        if manifest["missing_files"]:
            self.stderr.write(f"{len(manifest['missing_files'])} files the database names were already missing when "
                              "the backup was taken (listed in its manifest as missing_files).")
        if restored.migrations_to_apply:
            self.stdout.write(f"This code has {restored.migrations_to_apply} migrations the backup predates: run "
                              "`sendresolve manage migrate` before starting the service.")
