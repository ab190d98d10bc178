#!/usr/bin/env bash
# The production deployment proven end to end on this machine, in about two minutes: nginx (TLS, static files) in
# front of two gunicorn web processes, two workers, a throwaway PostgreSQL database and an SMTP sink, all on
# 127.0.0.1. A browser journey runs through nginx; then, under load and while 200 e-mails are being delivered, one
# web process and one worker are killed with SIGKILL, and the run checks that nginx kept answering, that no e-mail
# was lost (and how many were sent twice), and what /healthz said before and after. ADR 16 says why.
#
# Installs what it needs (nginx and Chromium from Debian, PostgreSQL if none answers); leaves nothing behind:
# processes, its temporary folder and its database go on exit, however it exits. SMOKE_KEEP=1 keeps the folder
# (logs of every process) for a look after a failure. Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "production-smoke: $*" >&2; }

[ -x .venv/bin/python ] || scripts/setup.sh >&2

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"  # nginx, for a user whose PATH leaves it out

base_url=$(scripts/ensure-postgres.sh)
database=${SMOKE_DATABASE:-sendresolve_smoke}
SMOKE_DIR=$(mktemp -d -t sendresolve-smoke.XXXXXX)
# nginx started by root serves files as "nobody": the static files under this folder must be readable by it.
chmod 755 "$SMOKE_DIR"

cleanup() {
  local status=$?
  # The Python program stops what it started; this is for when it was itself killed. Only process groups whose
  # leader still belongs to this run (its folder in their command line or environment) are killed.
  for pidfile in "$SMOKE_DIR"/pids/*; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if grep -qsF "$SMOKE_DIR" "/proc/$pid/cmdline" "/proc/$pid/environ"; then
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  psql "${base_url%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "${SMOKE_KEEP:-}" = 1 ]; then
    say "logs kept in $SMOKE_DIR"
  else
    rm -rf "$SMOKE_DIR"
  fi
  exit "$status"
}
trap cleanup EXIT

# The bound on the whole run: every wait inside is bounded too. Run in the background so that a TERM or Ctrl-C
# reaches this script at once (bash would hold it until a foreground command ends) and is passed on: the program
# stops its processes and drops its database, then cleanup() does the rest.
SMOKE_DIR="$SMOKE_DIR" SMOKE_DATABASE_URL="${base_url%/*}/$database" \
  timeout --signal=TERM --kill-after=20 170 .venv/bin/python -m tests.deploy.production_smoke &
child=$!
stop() { kill -TERM "$child" 2>/dev/null || true; wait "$child" || true; exit "$1"; }
trap 'stop 130' INT
trap 'stop 143' TERM
wait "$child"
