"""Settings for the LLEP consultation portal, all read from the environment in this one place.

With no environment set the portal runs on the embedded default: SQLite, Celery tasks run inline,
email to the console, an in-memory cache and DEBUG on. With DEBUG off it is production, and the
variables in PRODUCTION_REQUIRED must be set or the process refuses to start.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import django.conf.locale
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = os.environ


def env_bool(name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Every number setting and its default, as env_number read them (the tests set each one empty).
ENV_NUMBERS: dict[str, int | float] = {}


def env_number(name: str, default: int | float, kind: type = int) -> int | float:
    """A number from the environment; unset or empty means the default, as for the booleans.
    Anything else that is not a number stops the start with the variable's name."""
    ENV_NUMBERS[name] = default
    value = env.get(name, "").strip()
    if value == "":
        return default
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a {'whole ' if kind is int else ''}number, not {value!r}."
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

PRODUCTION_REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL")
if not DEBUG:
    missing = [name for name in PRODUCTION_REQUIRED if not env.get(name)]
    if missing:
        raise ImproperlyConfigured(
            "The portal is in production mode (DEBUG is off) and these environment variables "
            f"are not set: {', '.join(missing)}. Set them, or set DEBUG=true for local use."
        )
    if not env["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

# The development key is only ever used with DEBUG on; production refuses to start without one.
SECRET_KEY = (
    env.get("SECRET_KEY") or "dev-only-not-secret-llep-portal-key-0123456789abcdefghijklmnop"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Absolute address used in emails (cancel links, save-and-return links).
SITE_URL = env.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: content translated per language (0910).
    "modeltranslation",
    "portal.admin_site.PortalAdminConfig",  # django.contrib.admin, hardened (0840)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "portal",
    "events",
    "survey",
    "prospectus",
    "results",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.MethodNotAllowedPageMiddleware",
    "portal.query.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the URL's (/gu/..., none for English); a language staff have not offered
    # is sent to the English page (portal/languages.py, docs/decisions/0900).
    "django.middleware.locale.LocaleMiddleware",
    "portal.languages.OfferedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
                "portal.languages.context",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL is set.
CONN_MAX_AGE = env_number("CONN_MAX_AGE", 60)
if env.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            env["DATABASE_URL"], conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
    # The few queries of every booking and survey page are prepared on the server once per
    # connection (portal/prepared.py asks for it; Django's own cursors bind on the client and
    # never prepare). Off behind a pooler that cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        5 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
    )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }
# Concurrent test runs (several pytest processes on one server) must not share a test database.
if env.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env["TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis in production, memory otherwise. Redis errors are ignored so that a Redis outage
# degrades the cache to no cache instead of failing pages.
REDIS_URL = env.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Each pytest-xdist worker (gw0, gw1) its own keys: tests empty the cache between them.
            "KEY_PREFIX": env.get("CACHE_KEY_PREFIX", "llep") + env.get("PYTEST_XDIST_WORKER", ""),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every process-local cache is this one, Django's LocMemCache keeping objects (portal/localcache.py),
# so one clear() empties them all (tests do):
# the short-lived copies of what every page of a rush reads (a round table's availability, the
# survey's questions) and template fragments the same for everyone (the blank booking form).
# docs/decisions/0107-availability.md
# What each answer means as a whole (survey/theming/sentences.py): 1.5 kB an answer, a pure
# function of its text, so shared by every process and test worker and never emptied by tests.
# Redis where there is one; in the embedded default, this process's memory (docs/decisions/0873).
CACHES["sentences"] = (
    {**CACHES["default"], "KEY_PREFIX": "sentences", "TIMEOUT": 60 * 86400}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "llep-sentences",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
)
CACHES["local"] = {
    "BACKEND": "portal.localcache.ObjectCache",
    "LOCATION": "llep-local",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# Celery: inline without Redis; a real broker with it.
CELERY_BROKER_URL = env.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env.get("CELERY_TASK_DEFAULT_QUEUE", "llep")
# The theme suggester's work (training, sentence vectors, margins) has a queue and a worker of its
# own, so that a long training never holds up mail or reminders (decision 0950).
THEMES_QUEUE = env.get("THEMES_QUEUE", f"{CELERY_TASK_DEFAULT_QUEUE}-themes")
CELERY_TASK_ROUTES = {"survey.tasks.themes_*": {"queue": THEMES_QUEUE}}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "Europe/London"
# A broker outage must not hang a request: give up publishing quickly, the retry task resends.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE = {
    "email-retry-unsent": {
        "task": "portal.tasks.email_retry_unsent",
        "schedule": env_number("EMAIL_RETRY_SECONDS", 60.0, float),
    },
    "booking-reminders": {
        "task": "events.tasks.booking_reminders_send",
        "schedule": crontab(minute="*/15"),
    },
    "export-reap-stale": {
        "task": "prospectus.tasks.export_reap_stale",
        "schedule": 60.0,
    },
    "survey-drafts-purge": {
        "task": "survey.tasks.drafts_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    "themes-train-nightly": {
        "task": "survey.tasks.themes_train_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    # What each new response says as a whole, worked out before a moderator opens it (0873).
    "themes-sentences-recent": {
        "task": "survey.tasks.themes_sentences_recent",
        "schedule": crontab(minute="*/5"),
    },
}
# The theme suggester trains again after this many new confirmations (decision 0870).
THEMES_RETRAIN_EVERY = env_number("THEMES_RETRAIN_EVERY", 50)
# The word vectors the suggester reads, built by `make setup` (decision 0871).
THEMES_WORD_VECTORS = Path(env.get("THEMES_WORD_VECTORS", str(BASE_DIR / "var" / "word-vectors")))
THEMES_SENTENCE_MODEL = Path(
    env.get("THEMES_SENTENCE_MODEL", str(BASE_DIR / "var" / "sentence-model"))
)

# Email
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "LLEP consultation <consultation@llep.org.uk>")
STAFF_EMAIL = env.get("STAFF_EMAIL", "consultation@llep.org.uk")
if env.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env["EMAIL_HOST"]
    EMAIL_PORT = env_number("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_TIMEOUT = 10
elif env.get("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env["EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Admin sign-in: this many failures for one username or address lock it for LOGIN_LOCK_SECONDS.
LOGIN_FAILURE_LIMIT = env_number("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCK_SECONDS = env_number("LOGIN_LOCK_SECONDS", 900)
# django-axes keeps the failures in the database, so the lock holds while Redis is down
# (docs/decisions/0820-sign-in-lockout-with-django-axes.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(seconds=LOGIN_LOCK_SECONDS)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_ip"
# axes would clear the address's failures on every account; portal/lockout.py clears only the
# account that signed in, from that address.
AXES_RESET_ON_SUCCESS = False
# A wrong password while locked neither counts nor extends the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no log of every staff sign-in and its address
AXES_ENABLE_ADMIN = False  # locks end by themselves; `manage.py axes_reset` ends one sooner
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
# English is the source; each other language is offered to the public only when staff switch it
# on in the admin (portal.Language). Each is named in itself, as the language switcher shows it.
LANGUAGES = [
    ("en-gb", "English"),
    ("gu", "ગુજરાતી"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("ur", "اردو"),
    ("pl", "Polski"),
]
# The interface strings' translations, compiled at build time (`make setup` runs compilemessages).
LOCALE_PATHS = [BASE_DIR / "locale"]
# The clock of the languages Django has no formats for (docs/decisions/0914).
FORMAT_MODULE_PATH = ["portal.formats"]
# Django's own table of languages has no Gujarati: its name, in English and in itself, for
# get_language_info (the admin's translation fields, the evidence's "translated from Gujarati").
django.conf.locale.LANG_INFO.setdefault(
    "gu", {"bidi": False, "code": "gu", "name": "Gujarati", "name_local": "ગુજરાતી"}
)
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Private files (prospectus exports, downloads) live outside any public URL; views serve them
# after checking permission. Point this at shared storage when running several nodes.
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
PRIVATE_STORAGE_ROOT = Path(env.get("PRIVATE_STORAGE_ROOT", str(BASE_DIR / "var" / "private")))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis in production) and written through to the database:
# each survey page reads its session, and a database read cost more than a Redis one. With Redis
# down they are read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
# A refused form (expired page, cookies blocked) gets a page in the portal's layout.
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The proxy in front of gunicorn terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0

# Behind a proxy: how many proxies append to X-Forwarded-For (0 trusts REMOTE_ADDR only).
TRUSTED_PROXY_COUNT = env_number("TRUSTED_PROXY_COUNT", 0)

# Survey protection: submissions and save-links per address per hour (through the cache).
SURVEY_RATE_LIMIT = env_number("SURVEY_RATE_LIMIT", 20)
# Survey drafts started and "save and come back later" presses, per address per hour.
SURVEY_DRAFT_RATE_LIMIT = env_number("SURVEY_DRAFT_RATE_LIMIT", 30)
# Booking attempts per address per hour: above what an office behind one NAT address books.
BOOKING_RATE_LIMIT = env_number("BOOKING_RATE_LIMIT", 20)
# Prospectus exports (seconds): the soft limit fails a render cleanly, the hard limit kills the
# worker and the reaper then fails the export; one queued this long has no worker listening.
PROSPECTUS_EXPORT_SOFT_TIME_LIMIT = env_number("PROSPECTUS_EXPORT_SOFT_TIME_LIMIT", 120)
PROSPECTUS_EXPORT_TIME_LIMIT = env_number("PROSPECTUS_EXPORT_TIME_LIMIT", 150)
PROSPECTUS_EXPORT_QUEUE_TIMEOUT = env_number("PROSPECTUS_EXPORT_QUEUE_TIMEOUT", 900)

# Personal data is kept this many days after the consultation closes (see the privacy notice).
RETENTION_DAYS = env_number("RETENTION_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_redis": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # each failure and lock, not each sign-in
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
