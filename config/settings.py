"""Settings, read from the environment only.

With nothing set, the app boots on a fresh laptop: a SQLite file next to ``manage.py`` and Celery
tasks run in-process. A deployment sets ``DATABASE_URL``, ``CELERY_BROKER_URL``, ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DEBUG=false``. A bad value stops start-up with the variable's name.
"""

import datetime as dt
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_rate, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when REQUIRE_SECRET_KEY is true")
    # A fixed key is only fit for a laptop; production sets SECRET_KEY (docker-compose does).
    SECRET_KEY = "insecure-local-development-key-set-SECRET_KEY-in-production"

# The site's public address, for links in exports made outside a request (the export command).
SITE_URL = env_url("SITE_URL", "http://localhost:8000", schemes=("http", "https"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
if not ALLOWED_HOSTS:
    # Django would answer every request with a 400 and say nothing at start-up.
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is empty: list the host names this site answers to, comma-separated"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "provenance",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RejectNulCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = env_url(
    "DATABASE_URL",
    f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql", "pgsql"),
)
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {error}") from None
if not DATABASES["default"]["NAME"]:
    # A host may be left out (the local socket), the database may not.
    raise ImproperlyConfigured(
        f"DATABASE_URL names no database: {_database_url!r}; e.g. postgres://user@host:5432/db"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; wait for the lock instead of failing at once, and let
    # readers go on while one writer works.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file, not the shared in-memory database, because tests with threads need
    # SQLite's real file locking; one file per test run, so parallel runs do not collide.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"claimdesk-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "project-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves static files from the apps and static/ directly, so `make run` needs no
# collectstatic; a deployment runs collectstatic and serves from STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Upload and ingest limits: one article file may be at most this many bytes.
MAX_ARTICLE_BYTES = env_int("MAX_ARTICLE_BYTES", 5 * 1024 * 1024, minimum=1)
# A JSON Lines file is a batch of articles, read whole since it is stored whole or not at all.
MAX_JSONL_BYTES = env_int("MAX_JSONL_BYTES", 256 * 1024 * 1024, minimum=1)
# The command line stores files in batches of about this many articles, one transaction each
# (a file is never split): fewer round trips per article. A failed batch stores none of its files.
INGEST_BATCH_ARTICLES = env_int("INGEST_BATCH_ARTICLES", 100, minimum=1)
# With a broker, the command line hands its articles to the workers in chunks of whole files of
# about this many articles, one task and one transaction each: small enough that many workers
# share even a small job, large enough that a chunk's fixed queries are few per article.
INGEST_CHUNK_ARTICLES = env_int("INGEST_CHUNK_ARTICLES", 20, minimum=1)
# Processes that read and analyse the files of a command-line ingest while this one stores
# them: every core by default; 1 does it all in one process.
INGEST_PROCESSES = env_int("INGEST_PROCESSES", os.cpu_count() or 1, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_ARTICLE_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_ARTICLE_BYTES + 1024 * 1024

# Exports written by background jobs (``annotations.services.export_jobs``): the folder must be
# shared by the web service and the workers (a volume in docker-compose.yml).
EXPORT_DIR = Path(os.environ.get("EXPORT_DIR") or BASE_DIR / "var" / "exports")
# How long a worker holds an export job; a killed worker's job may be run again after it.
EXPORT_CLAIM_SECONDS = env_int("EXPORT_CLAIM_SECONDS", 30 * 60, minimum=10)

# How long a claim handed out by the review queue stays reserved for its reviewer.
REVIEW_LEASE_SECONDS = env_int("REVIEW_LEASE_SECONDS", 30 * 60, minimum=30)
# How many such claims one reviewer may hold at once; asking for more returns one held.
REVIEW_LEASE_LIMIT = env_int("REVIEW_LEASE_LIMIT", 1, minimum=1)
# How long a person may undo their own change (reviews, decisions, reshapes), in minutes.
UNDO_MINUTES = env_int("UNDO_MINUTES", 10, minimum=1)

# How long a worker holds an article while it flags one chunk of its claims: a killed worker's
# chunk is taken over after this. Keep it under CELERY_VISIBILITY_TIMEOUT, so that a redelivered
# task finds the claim run out.
FLAG_CLAIM_SECONDS = env_int("FLAG_CLAIM_SECONDS", 5 * 60, minimum=10)

# Celery: with no broker the tasks run in-process, so the embedded default needs no services.
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", "", schemes=("redis", "rediss", "amqp", "sentinel")
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "claimdesk")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker (and beat) that loses Redis tries again for as long as Redis stays away, instead of
# exiting after Celery's default of a hundred tries (~50 minutes).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A task running when the connection drops is left to finish, not cancelled: every task is
# idempotent, so if Redis hands it out again the second run changes nothing. Said here because
# Celery 6 is to turn the default around.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600)}
# Celery beat (`celery -A config beat`) sends again the background work that never reached a
# worker, e.g. articles stored while Redis was down (provenance.services.catchup).
CELERY_BEAT_SCHEDULE = {
    "enqueue-pending-work": {
        "task": "provenance.tasks.enqueue_pending",
        "schedule": env_int("CATCHUP_INTERVAL_SECONDS", 60, minimum=5),
    }
}

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes a missing login a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "provenance.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "provenance.api.pagination.IdCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "provenance.api.errors.json_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # ``?format=`` names an export format here (the brief's contract), not a renderer.
    "URL_FORMAT_OVERRIDE": None,
    # Rate limits: per API token (per user for a browser session) and per address for
    # anonymous callers; a throttled request gets a JSON 429 with a Retry-After header.
    "DEFAULT_THROTTLE_CLASSES": [
        "provenance.api.throttling.TokenRateThrottle",
        "provenance.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_rate("API_RATE_TOKEN", "1200/minute"),
        "anon": env_rate("API_RATE_ANON", "60/minute"),
    },
}

# Rate-limit counters live in the cache: per process by default, shared by every web process
# when CACHE_URL names a Redis server (a deployment with several workers needs that).
_cache_url = env_url("CACHE_URL", "", schemes=("redis", "rediss"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim desk API",
    "DESCRIPTION": "Articles, claims, attributions, reviews and contradiction flags.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from the app itself (vendored by drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "provenance.api.schema.document_errors",
    ],
    # Several models have a "status", "kind" or "role"; name each choice set in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "provenance.models.ClaimStatus",
        "AttributionStatusEnum": "provenance.models.AttributionStatus",
        "AttributionOriginEnum": "provenance.models.AttributionOrigin",
        "FlagStatusEnum": "provenance.models.FlagStatus",
        "VerdictEnum": "provenance.models.Verdict",
        "ProjectRoleEnum": "provenance.models.Role",
        "HopRoleEnum": "provenance.models.HopRole",
        "SourceKindEnum": "provenance.models.SOURCE_KIND_CHOICES",
        "ClaimKindEnum": "provenance.models.CLAIM_KIND_CHOICES",
        "FlagKindEnum": "provenance.models.FLAG_KIND_CHOICES",
    },
}

# Behind a TLS proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and bool(env_str("SECRET_KEY")))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS only: off by default so that `make run` works on plain http://127.0.0.1; a deployment
# behind TLS sets SECURE_SSL_REDIRECT=true and HSTS_SECONDS (a year is 31536000).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
# Asking browsers to preload HTTPS binds the whole domain and every subdomain for months: a
# choice for the domain's owner (HSTS_PRELOAD=true), not a default, so the deployment check's
# reminder about it (W021) is silenced; every other deployment warning stays on.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Health checks come from the proxy or the orchestrator over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A refused form gets the site's 403 page, saying to reload and send again.
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

# Content security policy (django-csp): scripts only from this site, never inline, so an
# injected <script> in an article or a claim cannot run. Styles allow inline attributes,
# which htmx and the API docs set from their own scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one user name
# from one address, that pair is locked out for LOGIN_COOLOFF_MINUTES; a success resets it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# And after LOGIN_ADDRESS_FAILURE_LIMIT failed logins from one address, whatever the user
# names, the address is locked out too (one password tried on many accounts); see
# config/login_lockout.py for how the two limits share axes' one.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
AXES_FAILURE_LIMIT = "config.login_lockout.failure_limit"
AXES_HANDLER = "config.login_lockout.PairResetHandler"
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address: the peer's, unless PROXY_COUNT trusted proxies stand in front and set
# X-Forwarded-For (a client could forge that header to dodge the lockout otherwise).
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
if CELERY_TASK_ALWAYS_EAGER:
    # With no broker, Celery still builds a producer for an eager task, and kombu warns that
    # it has no broker host; here that is by design, so the warning is only noise.
    LOGGING["loggers"] = {"kombu.connection": {"level": "ERROR"}}

# Optional natural-language-inference re-scoring of candidate pairs: a local model directory
# (nothing is ever downloaded). Unset, the product works fully without it.
NLI_MODEL_DIR = env_str("NLI_MODEL_DIR", "")
