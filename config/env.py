"""The only place settings read the environment. Secrets come from here and nowhere else."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# embedded: SQLite, console e-mail, relaxed transport security, for trying it and small providers.
# production: PostgreSQL via DATABASE_URL, SMTP via EMAIL_URL, secure cookies and HSTS.
MODE = env.str("SENDRESOLVE_MODE", default="embedded")
if MODE not in ("embedded", "production"):
    raise environ.ImproperlyConfigured(f"SENDRESOLVE_MODE must be embedded or production, not {MODE!r}")
PRODUCTION = MODE == "production"
VAR_DIR = Path(env.str("SENDRESOLVE_VAR_DIR", default=str(BASE_DIR / "var")))
# Set by `sendresolve up` when it runs with the demo data (never in production): the only case in which e-mail is
# printed to the terminal instead of sent.
DEMO = not PRODUCTION and env.bool("SENDRESOLVE_DEMO", default=False)
