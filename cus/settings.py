"""CUS settings: one module, configured from the environment only (12-factor).

With nothing set, CUS runs on SQLite and an embedded (file-system) Celery broker in a local data
folder (``CUS_DATA_DIR``), with DEBUG off and a generated secret kept in that folder. Every variable
is documented in README.md.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from cus.core.task_names import TaskName

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("CUS_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The SECRET_KEY from the environment, or one generated once and kept in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- HTTPS: secure by default; CUS_HTTPS=off opts into plain-HTTP serving for local runs ---------
HTTPS = env_bool("CUS_HTTPS", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 60 * 60))
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
    SESSION_COOKIE_SECURE = True
    # Sent only over HTTPS, to this host, for every path: a sibling subdomain cannot plant a session (ASVS 3.4.4).
    SESSION_COOKIE_NAME = "__Host-cus_session"
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Content-Security-Policy on every response (Django's own middleware; cus/api/headers.py for caching) ---
# No inline script or style anywhere: templates that need one give it the request's nonce (``csp_nonce``).
# data: images are the icons in Swagger UI's style sheet.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # the web UI's service worker (/sw.js) and web manifest (/manifest.webmanifest), both from our own origin
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Behind the TLS proxy: whose X-Forwarded-For is believed (cus/core/client_address.py) -------------
# Comma-separated addresses or networks of the proxies in front of CUS; empty: the peer's address is the client's.
CUS_TRUSTED_PROXIES = env_list("CUS_TRUSTED_PROXIES")
for _proxy in CUS_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"CUS_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network") from _error
# The sign-in lockout (django-axes) counts failures per address by the same rule.
AXES_CLIENT_IP_CALLABLE = "cus.core.client_address.client_ip"

INSTALLED_APPS = [
    "cus.core.admin_config.AdminConfig",  # django.contrib.admin with a two-factor admin site (cus.core.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from our own static files, not a CDN
    "simple_history",
    "django_celery_beat",
    "cus.core",
    "cus.privacy",  # processing purposes and their legal bases (below the apps that enforce them)
    "cus.catalogue",
    "cus.clients",
    "cus.contracts",
    "cus.plans",
    "cus.deliveries",
    "cus.volunteers",
    "cus.notifications",
    "cus.reports",
    "cus.planning",
    "cus.quality",
    "cus.retention",
    "cus.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cus.api.headers.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cus.api.middleware.RefuseUnstorableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cus.urls"
WSGI_APPLICATION = "cus.wsgi.application"
ASGI_APPLICATION = "cus.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database: DATABASE_URL, or SQLite in the data folder -------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'cus.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
# A streaming replica (optional): the reports' figures and the exports read from it (cus/core/db_router.py);
# every write and every request's reads stay on the primary. Tests mirror it to the default database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["cus.core.db_router.ReplicaRouter"]
# Behind PgBouncer in transaction mode (docs/scaling.md) a transaction may run on another server connection than
# the one before: no server-side cursors (``.iterator()`` then fetches in chunks on the client).
if env_bool("CUS_PGBOUNCER_TRANSACTION_MODE", False):
    for _alias in DATABASES.values():
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
# How long a report waits for the replica to replay up to its cut-off before it reads from the primary instead.
CUS_REPLICA_WAIT_SECONDS = float(os.environ.get("CUS_REPLICA_WAIT_SECONDS") or 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"
# Axes watches every sign-in (API token and session logins, the admin's) and refuses a locked one before the
# password is checked; then Django's own backend.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# A password-reset link works once, for this many seconds.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("CUS_PASSWORD_RESET_TIMEOUT") or 60 * 60)

# --- Sign-in lockout (django-axes): after CUS_LOGIN_FAILURE_LIMIT failures within CUS_LOGIN_LOCKOUT_MINUTES, the
# e-mail and the address are each locked until that long after the last failure (known or unknown e-mails alike).
AXES_FAILURE_LIMIT = int(os.environ.get("CUS_LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("CUS_LOGIN_LOCKOUT_MINUTES") or 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "cus.core.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "cus.core.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- API tokens (django-rest-knox): stored hashed; expire after CUS_TOKEN_IDLE_HOURS without use and at the latest
# CUS_TOKEN_MAX_DAYS after they were issued.
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(hours=float(os.environ.get("CUS_TOKEN_IDLE_HOURS") or 8)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": dt.timedelta(days=float(os.environ.get("CUS_TOKEN_MAX_DAYS") or 30)),
    "AUTH_HEADER_PREFIX": "Token",
}

# --- Two-factor sign-in (django-otp): the issuer named in authenticator apps.
OTP_TOTP_ISSUER = os.environ.get("CUS_OTP_ISSUER") or "CUS"
# Requests a minute per address to the sign-in endpoints (token, login, second factor, password reset).
CUS_SIGN_IN_RATE = os.environ.get("CUS_SIGN_IN_RATE", "30/min")

# --- Languages: en, pl, cs, sl ship complete ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("pl", _("Polish")), ("cs", _("Czech")), ("sl", _("Slovenian"))]
LOCALE_PATHS = [BASE_DIR / "cus" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
# The web UI's built assets, referenced by dist/index.html as /static/assets/… (Vite's base is /static/).
STATICFILES_DIRS = [("assets", p) for p in [FRONTEND_DIST / "assets"] if p.exists()]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The UI's built files carry a hash of their content in their name (assets/index-BXk2a9Zc.js): cached for a year as
# immutable; index.html itself is never cached (cus.core.views.frontend), so a new build is picked up at once.
WHITENOISE_IMMUTABLE_FILE_TEST = r"/assets/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Cache and Celery: Redis when configured, embedded otherwise -------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
BROKER_DIR = DATA_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
elif os.environ.get("CUS_BROKER_VISIBILITY_TIMEOUT"):
    # Seconds before Redis redelivers a message no worker acknowledged (default one hour); the
    # worker-loss test sets it small, and then the sweep for such messages must run as often.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ["CUS_BROKER_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
# One queue per kind of work, so that each can have its own workers (docs/scaling.md): a worker started without
# -Q (``make run``, docker-compose) consumes every queue declared here; one started with ``-Q reports`` only that.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "reports", "reminders", "email", "imports")]
CELERY_TASK_ROUTES = {
    TaskName.GENERATE_REPORT.value: {"queue": "reports"},
    TaskName.START_MONTHLY_REPORTS.value: {"queue": "reports"},
    TaskName.GENERATE_SUBJECT_EXPORT.value: {"queue": "reports"},  # exports: long reads, like reports
    TaskName.EXPORT_LIST.value: {"queue": "reports"},
    TaskName.START_REMINDER_SCANS.value: {"queue": "reminders"},
    TaskName.SCAN_REMINDERS.value: {"queue": "reminders"},
    TaskName.SEND_NOTIFICATION_EMAILS.value: {"queue": "email"},
    TaskName.SEND_DAILY_DIGESTS.value: {"queue": "email"},
    # Bulk imports (spreadsheets, HSDS) go to "imports" as their jobs are added; the rest to "celery".
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Time limits in seconds (the prefork pool enforces them): past the soft limit a task is interrupted and its
# job marked failed; past the hard limit its process is killed. Report generation has its own, longer pair
# (rendering a large centre's PDF). Keep them under the broker's visibility timeout (Redis: one hour), or
# a message still running is delivered again.
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT") or 10 * 60)
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT") or 11 * 60)
CUS_REPORT_SOFT_TIME_LIMIT = int(os.environ.get("CUS_REPORT_SOFT_TIME_LIMIT") or 30 * 60)
CUS_REPORT_TIME_LIMIT = int(os.environ.get("CUS_REPORT_TIME_LIMIT") or 32 * 60)


# --- E-mail: EMAIL_URL (smtp://user:pass@host:587?tls=1, console://, locmem://) ------------------
def _email_settings(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    backends = {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parsed.scheme not in backends:
        raise ValueError(f"EMAIL_URL scheme must be one of {sorted(backends)}")
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": backends[parsed.scheme],
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
    }


globals().update(_email_settings(os.environ.get("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CUS <noreply@cus.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where users reach CUS, for links in e-mails (e.g. https://cus.example.org); empty: e-mails carry no link.
CUS_SITE_URL = os.environ.get("CUS_SITE_URL", "")

# --- Subject rights and retention (cus.retention) -----------------------------------------------------
# Days a subject-access copy (a ZIP of everything about a client) stays downloadable before the daily retention
# job removes it; the pseudonymised participants export suppresses combinations shared by fewer people than this.
CUS_SUBJECT_EXPORT_DAYS = int(os.environ.get("CUS_SUBJECT_EXPORT_DAYS") or 14)
CUS_PARTICIPANTS_MIN_GROUP = int(os.environ.get("CUS_PARTICIPANTS_MIN_GROUP") or 5)
# Exports of lists (CSV/XLSX): up to CUS_EXPORT_INLINE_ROWS rows are made while the user waits, larger ones by the
# worker with progress; more than CUS_EXPORT_MAX_ROWS rows are refused (narrow the filters); files are kept for
# CUS_EXPORT_DAYS days.
CUS_EXPORT_INLINE_ROWS = int(os.environ.get("CUS_EXPORT_INLINE_ROWS") or 2000)
CUS_EXPORT_MAX_ROWS = int(os.environ.get("CUS_EXPORT_MAX_ROWS") or 200_000)
CUS_EXPORT_DAYS = int(os.environ.get("CUS_EXPORT_DAYS") or 7)

# --- Public catalogue and HSDS -------------------------------------------------------------------------
# Requests a minute per address on the public APIs (DRF rate, e.g. "120/min"); "off" disables the limit.
CUS_PUBLIC_API_RATE = os.environ.get("CUS_PUBLIC_API_RATE", "120/min")
# The HSDS 3.0 JSON schemas that `manage.py import_hsds` validates against (default: ../shared/hsds/schema).
CUS_HSDS_SCHEMA_DIR = os.environ.get("CUS_HSDS_SCHEMA_DIR") or None

# --- REST API -----------------------------------------------------------------------------------
REST_FRAMEWORK: dict[str, object] = {
    # Token first: an anonymous request is answered 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in, and enrolled in two-factor sign-in where the role requires it (cus.api.accounts.mfa).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "cus.api.accounts.hold.EnrolledWhereRequired",
    ],
    "DEFAULT_PAGINATION_CLASS": "cus.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "cus.api.search.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cus.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON with a nesting limit (deeper bodies are a 400, not a RecursionError), then DRF's form parsers.
    "DEFAULT_PARSER_CLASSES": [
        "cus.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ]

SPECTACULAR_SETTINGS = {
    "TITLE": "CUS API",
    "DESCRIPTION": "Case coordination for integrated social-service centres.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "cus.core.models.Country",
        "RoleEnum": "cus.core.models.Role",
        # A plan review's decision keeps its name beside the erasure request's decision.
        "DecisionEnum": "cus.plans.models.ReviewDecision",
        # Enums whose field names other models share: named after their model.
        "ClientStatusEnum": "cus.clients.models.ClientStatus",
        "CategoryEnum": "cus.catalogue.models.Category",
        "InvitationStatusEnum": "cus.core.models.InvitationStatus",
        "DisposalCategoryEnum": "cus.retention.models.DisposalCategory",
        # What a read of client data was and why (the access log), beside the processing purposes of the privacy app.
        "AccessActionEnum": "cus.clients.models.AccessAction",
        "AccessPurposeEnum": "cus.core.reads.AccessPurpose",
        # A log's status, in its reads and in the filters of a confirmation at once.
        "DeliveryStatusEnum": "cus.deliveries.models.DeliveryStatus",
        # An export of a list is CSV or XLSX, beside a report run's files (PDF, XLSX, CSV, participants).
        "ListExportFormatEnum": "cus.reports.models.ListExportFormat",
    },
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files (the CSP allows no other origin).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from the public validator service (an image from another origin).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every PDF at INFO ("Step 1 - Fetching and parsing HTML", ...).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Refused requests (401/403/429: cus.api.errors), sign-in failures and lock-outs (django-axes), CSRF and
        # other suspicious requests (django.security): route these to the security monitoring.
        "cus.security": {"level": "INFO"},
        "axes": {"level": "INFO"},
        "django.security": {"level": "INFO"},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
