#!/usr/bin/env bash
# Sets up everything the tests need and runs the whole suite. Used by the README and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
