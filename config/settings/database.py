import os

from config.env import PRODUCTION, VAR_DIR, env

if PRODUCTION or "DATABASE_URL" in env.ENVIRON:
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
else:
    # The embedded database and files hold children's names and families' disputes: readable by this service's
    # user alone, however the machine's default permissions are set.
    os.umask(0o077)
    VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    VAR_DIR.chmod(0o700)
    for existing in VAR_DIR.glob("*.sqlite3*"):
        existing.chmod(0o600)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "sendresolve.sqlite3",
            # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades failing.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory: tests start worker processes that must see the same database.
            "TEST": {"NAME": str(VAR_DIR / "test-sendresolve.sqlite3")},
        }
    }

# A database cache is shared by every web and worker process: login rate limits and lock-outs hold
# across processes without another service.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sendresolve_cache"},
          # Each process's own memory, for rendered fragments that are the same for everyone (a fresh visitor's
          # first question): never anything about a person.
          "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}}
