#!/usr/bin/env bash
# Sets up everything the tests need and runs the whole suite: on PostgreSQL, then a smoke run on the
# embedded SQLite database. Used by the README and by CI. Extra arguments go to the PostgreSQL run only.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# Debian's Chromium for the browser tests; poppler-utils (pdftotext) to read the PDFs the service makes;
# LibreOffice's Writer and Calc (no GUI) to open the Word files and spreadsheets it makes the way an LA's systems would.
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
    || ! command -v soffice >/dev/null 2>&1 || ! dpkg -s libreoffice-calc-nogui >/dev/null 2>&1; then
  echo "test.sh: installing Chromium, poppler-utils and LibreOffice Writer and Calc from Debian's packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null
fi

.venv/bin/python -m pip check
.venv/bin/python -c "import django, sys; v = django.get_version(); print('Django', v); sys.exit(django.VERSION[:2] != (6, 1))"
.venv/bin/ruff check .
.venv/bin/lint-imports  # the layers of docs/architecture.md: .importlinter

DATABASE_URL=$(scripts/ensure-postgres.sh)
export DATABASE_URL
echo "test.sh: PostgreSQL run ($DATABASE_URL)"
# Two processes (pytest-xdist), one per core, each with its own test database; a file's tests stay together in one.
.venv/bin/python -m pytest -n 2 --dist loadfile --durations=15 "$@"

if [ "$#" -eq 0 ]; then
  echo "test.sh: SQLite smoke run"
  # What the embedded default does differently from PostgreSQL: sign-in, the audit log's protection, the outbox and
  # its worker, backup and first use, a case's life under SQLite's one writer, booking, the demo and the daily
  # retention run. Everything else is engine-independent and was run above.
  env -u DATABASE_URL .venv/bin/python -m pytest -q tests/accounts tests/core tests/audit tests/notifications \
    tests/cases/test_lifecycle.py tests/cases/test_transitions.py tests/cases/test_family_request.py \
    tests/meetings/test_booking_page.py tests/portal/test_demo.py tests/privacy/test_retention_run.py
fi
