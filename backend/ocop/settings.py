"""OCOP Market settings: everything from the environment, with safe embedded defaults.

| variable                | unset means                                                         |
|-------------------------|---------------------------------------------------------------------|
| DATABASE_URL            | the embedded PostgreSQL in var/postgres, started on demand          |
| STRIPE_SECRET_KEY       | localstripe on a free loopback port, started on demand              |
| ELASTICSEARCH_URL       | PostgreSQL full-text search                                         |
| CELERY_BROKER_URL       | background tasks run inline                                         |
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ocop.core import embedded

BASE_DIR = Path(__file__).resolve().parent.parent  # backend/
REPO_ROOT = BASE_DIR.parent

for _path in (str(REPO_ROOT), str(BASE_DIR)):
    if _path not in sys.path:
        sys.path.insert(0, _path)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
TESTING = "pytest" in sys.modules or env_bool("OCOP_TESTING")
# Set by the README's run command: plain HTTP on loopback, so no HTTPS-only cookies or redirects.
LOCAL_HTTP = env_bool("OCOP_LOCAL_HTTP") or DEBUG or TESTING
DEMO_MODE = env_bool("OCOP_DEMO_MODE", default=LOCAL_HTTP)
# The payment gateway that charges nothing (`mirumee.payments.dummy` in the API): tests and demos only.
OCOP_DUMMY_GATEWAY = env_bool("OCOP_DUMMY_GATEWAY", default=DEMO_MODE)

SECRET_KEY = os.environ.get("SECRET_KEY") or embedded.local_secret("django-secret-key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "graphene_django",
    "ocop.core",
    "ocop.areas",
    "ocop.accounts",
    "ocop.producers",
    "ocop.catalog",
    "ocop.search",
    "ocop.checkout",
    "ocop.orders",
    "ocop.payments",
    "storefront",
]

MIDDLEWARE = [
    "ocop.core.logs.RequestIdMiddleware",
    "ocop.core.metrics.MetricsMiddleware",
    "ocop.core.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop.core.languages.ShopLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --------------------------------------------------------------------------- database
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
USING_EMBEDDED_POSTGRES = not DATABASE_URL
if USING_EMBEDDED_POSTGRES:
    DATABASE_URL = embedded.postgres_url(start=True)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a valid database URL ({exc}); expected postgres://user:password@host:5432/name"
    ) from exc
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...); OCOP Market needs it.")
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("OCOP_TEST_DB", "test_ocop")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Ours first (the signed-in user with their roles in one query); Django's own still reads sessions
# that were started before it.
AUTHENTICATION_BACKENDS = ["ocop.accounts.backends.AccountBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "storefront:login"
LOGIN_REDIRECT_URL = "storefront:home"
LOGOUT_REDIRECT_URL = "storefront:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing cost is not what the tests are about; production keeps Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] + PASSWORD_HASHERS
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ocop_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},  # few entries live here: rarely culled
    },
    # Search and category results (ids and facet counts) per web process; see ocop.search.listing.
    "listings": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ocop-listings",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# How long listings (ids and facet counts), product pages and the home page are reused; 0 turns
# that cache off (the benchmark measures both ways).
LISTING_CACHE_SECONDS = int(os.environ.get("OCOP_LISTING_CACHE_SECONDS", "120"))
PRODUCT_PAGE_CACHE_SECONDS = int(os.environ.get("OCOP_PRODUCT_PAGE_CACHE_SECONDS", "30"))
HOME_PAGE_CACHE_SECONDS = int(os.environ.get("OCOP_HOME_PAGE_CACHE_SECONDS", "60"))
# Anonymous GraphQL queries of the public catalogue (products, categories, ...): see graphql/views.py.
# Off under tests (behaviour is tested uncached; tests/test_api_cache.py turns it on).
API_CACHE_SECONDS = int(os.environ.get("OCOP_API_CACHE_SECONDS", "0" if TESTING else "30"))

# --------------------------------------------------------------------------- language, money
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [REPO_ROOT / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DEFAULT_CURRENCY = "VND"
DEFAULT_COUNTRY = "VN"
PLATFORM_COMMISSION_PERCENT = int(os.environ.get("OCOP_COMMISSION_PERCENT", "5"))

# --------------------------------------------------------------------------- files
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or embedded.var_dir() / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or embedded.var_dir() / "media")
SERVE_MEDIA = env_bool("OCOP_SERVE_MEDIA", default=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
WHITENOISE_MAX_AGE = 3600

# --------------------------------------------------------------------------- payments
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Without keys the gateway talks to localstripe, started on first use (ocop.core.embedded).
USING_LOCALSTRIPE = not STRIPE_SECRET_KEY
if USING_LOCALSTRIPE:
    STRIPE_SECRET_KEY = "sk_test_localstripe"
    STRIPE_PUBLISHABLE_KEY = "pk_test_localstripe"
    STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET or "whsec_" + embedded.local_secret("stripe-webhook", 24)
elif not STRIPE_WEBHOOK_SECRET:
    raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET must be set together with STRIPE_SECRET_KEY.")

# --------------------------------------------------------------------------- search
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "ocop")

# --------------------------------------------------------------------------- background work
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers keep LOGGING below: JSON lines with request ids
if CELERY_BROKER_URL.startswith("redis"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CELERY_BROKER_URL}

# --------------------------------------------------------------------------- e-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = EMAIL_BACKEND or "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = EMAIL_BACKEND or "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = embedded.var_dir() / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OCOP Market <no-reply@ocop.local>")

# --------------------------------------------------------------------------- security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
if not LOCAL_HTTP:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy and friends: ocop.core.security. OCOP_CSP_EXTRA adds sources in CSP syntax,
# e.g. "img-src https://media.example.com" when media are on another host.
CSP_EXTRA = os.environ.get("OCOP_CSP_EXTRA", "")
CSRF_FAILURE_VIEW = "ocop.core.error_pages.csrf_failure"
# Rate limits (ocop.core.ratelimit.DEFAULT_RATES); OCOP_RATE_LIMITS="login.ip=20/60,search.ip=300/60".
RATELIMIT_ENABLED = env_bool("OCOP_RATELIMIT_ENABLED", default=not TESTING)
RATE_LIMITS: dict[str, dict[str, str]] = {}
for _item in env_list("OCOP_RATE_LIMITS", ""):
    _name, _, _rate = _item.partition("=")
    _scope, _, _kind = _name.strip().partition(".")
    RATE_LIMITS.setdefault(_scope, {})[_kind or "ip"] = _rate.strip()
# How many reverse proxies in front of gunicorn append to X-Forwarded-For (0: use the socket address).
TRUSTED_PROXY_COUNT = int(os.environ.get("OCOP_TRUSTED_PROXIES", "0"))
# /metrics answers loopback callers, and others presenting "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ocop.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ocop.core.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "plain" if os.environ.get("LOG_FORMAT") == "plain" else "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Daily certificate expiry (runs under `celery worker --beat` when a broker is set; otherwise
# schedule `manage.py expire_certificates` with cron or a systemd timer).
CELERY_BEAT_SCHEDULE = {
    "expire-ocop-certificates": {"task": "ocop.producers.tasks.expire_certificates_daily", "schedule": 24 * 60 * 60},
    # The listing table back in category order (search.indexing.order_listing_table); without a
    # broker: `manage.py order_listing` from cron, at a quiet hour.
    "order-listing-table": {"task": "ocop.search.tasks.order_listing_table_daily", "schedule": 24 * 60 * 60},
}

GRAPHENE = {"SCHEMA": "ocop.graphql.api.schema", "ATOMIC_MUTATIONS": True}
