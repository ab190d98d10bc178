"""The `sendresolve` command.

`deadlines` runs the statutory clock without starting Django; every other sub-command is a Django
management command run with the project's settings.
"""

from __future__ import annotations

import os
import sys

USAGE = """usage: sendresolve COMMAND [options]

commands:
  deadlines   statutory deadlines for cases given as JSON Lines on standard input
  up          migrate, load demo data into an empty database, run the web server and worker
  worker      run the background worker (sends e-mail from the outbox)
  seed-demo   load the demo organisations, users and cases
  backup      back up the database and the stored files to a new archive: sendresolve backup FILE
  restore     check a backup and restore it into an empty service: sendresolve restore FILE [--check] [--replace]
  receive-bounce  read a bounce report (RFC 3464) on standard input and mark its message: for the mail server
  manage      any Django management command (sendresolve manage migrate, ...)
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "deadlines":
        from sendresolve.clock.command import run

        return run(rest)
    return _django(command, rest)


def _django(command: str, rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError:  # pragma: no cover - a broken install
        print("Django is not installed: run the set-up command in the README.", file=sys.stderr)
        return 1
    if command == "manage":
        execute_from_command_line(["sendresolve", *rest])
    else:
        execute_from_command_line(["sendresolve", command.replace("-", "_"), *rest])
    return 0
