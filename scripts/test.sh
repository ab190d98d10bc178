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
.venv/bin/python -m pytest "$@"

if [ "$#" -eq 0 ]; then
  echo "test.sh: SQLite smoke run"
  env -u DATABASE_URL .venv/bin/python -m pytest -q tests/accounts tests/core tests/audit tests/notifications tests/cases \
    tests/mediators tests/meetings
fi
