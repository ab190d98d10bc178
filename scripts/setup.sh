#!/usr/bin/env bash
# Creates .venv with Python 3.12 and installs SEND Resolve with its development tools. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin=""
for candidate in python3.12 "$HOME/.pyenv/versions/3.12.1/bin/python3" python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
    python_bin=$candidate; break
  fi
done
if [ -z "$python_bin" ]; then
  echo "SEND Resolve needs Python 3.12 (see .python-version); none was found." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))'; then
  rm -rf .venv
  "$python_bin" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
# The lock file pins every package to the versions the tests passed with (the holidays package decides legal dates).
.venv/bin/python -m pip install --quiet -c requirements.lock -e ".[dev]" 2>&1 | grep -v "is ignored" || true
.venv/bin/python -m pip check
