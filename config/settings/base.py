from config.env import BASE_DIR, PRODUCTION, VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
SERVICE_NAME = "SEND Resolve"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "crispy_forms",
    "crispy_forms_gds",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "sendresolve.core",
    "sendresolve.accounts",
    "sendresolve.audit",
    "sendresolve.notifications",
    "sendresolve.cases",
    "sendresolve.mediators",
    "sendresolve.meetings",
    "sendresolve.agreements",
    "sendresolve.documents",
    "sendresolve.expenses",
    "sendresolve.fees",
    "sendresolve.billing",
    "sendresolve.privacy",
    "sendresolve.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sendresolve.core.middleware.RequestLogMiddleware",
    "sendresolve.core.middleware.NoStoreMiddleware",
    "sendresolve.core.middleware.HeadAsGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sendresolve.accounts.middleware.StaffIdleTimeoutMiddleware",
    "sendresolve.accounts.middleware.StaffMfaRequiredMiddleware",
    "sendresolve.accounts.middleware.AdminOnlyForAdministratorsMiddleware",
    "sendresolve.cases.middleware.CaseReadAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sendresolve" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sendresolve.accounts.context_processors.service",
                "sendresolve.portal.context_processors.work_counts",
            ],
        },
    },
]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "sendresolve" / "static"]  # the vendored GOV.UK Frontend build
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here once collectstatic has run
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "files"}},
    # Static files are public, and the proxy (another user) serves them: unlike uploads, readable by all.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage",
                    "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755}},
}
# Embedded mode serves static files straight from the apps, so no collectstatic step is needed to try it.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded letters and evidence, and the folders they are kept in, for this service's user alone.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
