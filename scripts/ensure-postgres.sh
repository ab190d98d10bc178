#!/usr/bin/env bash
# Makes sure a local PostgreSQL answers, starting (or installing) it if needed, and prints the
# DATABASE_URL the tests should use. Progress goes to stderr; only the URL goes to stdout.
set -euo pipefail

say() { echo "ensure-postgres: $*" >&2; }

if ! command -v pg_isready >/dev/null 2>&1; then
  say "installing PostgreSQL from Debian's packages"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | grep -q "^$version main"; then
    say "creating cluster $version/main"
    pg_createcluster "$version" main >&2
  fi
  say "starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || pg_ctlcluster "$version" main start >&2
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

if psql "postgresql://postgres@127.0.0.1:5432/postgres" -tAc "select 1" >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:5432/sendresolve"
  exit 0
fi

# No password-less TCP login (a fresh Debian cluster): use the local socket as this user instead.
me=$(id -un)
if ! psql -d postgres -tAc "select 1" >/dev/null 2>&1; then
  say "creating a superuser role for $me"
  su postgres -c "createuser --superuser $me" >&2 || true
fi
echo "postgres:///sendresolve"
