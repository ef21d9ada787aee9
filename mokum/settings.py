"""Settings for the Kracht van Mokum platform, read from environment variables only.

The defaults give an embedded site (SQLite, tasks run in-process, e-mail to the console) that needs no
server; production differs only by its environment (see README.md, "Configuration").
"""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mokum.env import (
    env_bool,
    env_cache,
    env_database,
    env_email_url_port,
    env_int,
    env_list,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# The embedded default is the development site (`make run`, `manage.py` on a fresh checkout); production
# sets DEBUG=false, which makes SECRET_KEY required and turns on HTTPS, HSTS and secure cookies.
DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (at least 50 random characters).")
    SECRET_KEY = "development-only-key-never-use-in-production-" + "x" * 20
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS entries must start with http:// or https://, not {origin!r}.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_filters",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "accounts",
    "districts",
    "initiatives",
    "dialogues",
    "support",
    "connect",
    "notifications",
    "rest_framework",
    "drf_spectacular",
    "dashboard",
    "api",
    "pages",
    "anymail",
    "inbound",
    "privacy",
    "seeding",
    "mokum",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mokum.pagecache.RequestVersionsMiddleware",  # the data versions read once per request, from here on
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.AuthenticationMiddleware",  # Django's, reading the person through the shared cache
    "accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees what every other middleware saw; it serves and stores only visitors' pages.
    "mokum.pagecache.VisitorPageCacheMiddleware",
]

ROOT_URLCONF = "mokum.urls"
WSGI_APPLICATION = "mokum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mokum.context_processors.navigation",
            ],
            # Filters every template may use without {% load %}: html_datetime for <time datetime="…">, content_lang and
            # written_in for text in the language it was written in.
            "builtins": ["mokum.templatetags.html_time", "mokum.templatetags.content_language"],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A streaming replica of the primary: dashboards, statistics, exports and the API read from it (mokum/dbrouter.py),
# except for whoever wrote in the last REPLICA_PIN_SECONDS (they read their own writes from the primary).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {**env_database("DATABASE_REPLICA_URL", None), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["mokum.dbrouter.ReplicaRouter"]
    _BEFORE_PAGE_CACHE = MIDDLEWARE.index("mokum.pagecache.VisitorPageCacheMiddleware")
    MIDDLEWARE.insert(_BEFORE_PAGE_CACHE, "mokum.dbrouter.ReplicaMiddleware")
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 15, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the Celery broker. Without it tasks run in-process, so the embedded site needs no server.
REDIS_URL = env_redis_url("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Tests run tasks in-process too (pytest sets this); tests about tasks switch to a real worker.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", REDIS_URL is None)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis's transport, reconnecting after Redis went away in the middle of a task instead of stopping (mokum/broker.py).
CELERY_BROKER_TRANSPORT = "mokum.broker:Transport" if REDIS_URL else None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_ENABLE_UTC = True
# Work held by a worker that died (SIGKILL, a lost machine) is back in the queue after this long, instead of
# Redis's default hour. It must stay above the longest task plus the longest retry countdown (4 minutes, see
# notifications/tasks.py), or a retry waiting in a live worker is handed out a second time (harmless, every
# delivery is idempotent, but wasted). The sweep below usually gets there first.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 300}
CELERY_BEAT_SCHEDULE = {
    # Every minute: what the broker never got, or a dead worker dropped, goes out within about three minutes
    # (SWEEP_AFTER in notifications/services.py, plus this interval). A sweep that finds nothing costs two
    # indexed queries.
    "sweep-undelivered-notifications": {"task": "notifications.tasks.sweep_notifications", "schedule": 60.0},
    # Working-day mornings, Amsterdam time (CELERY_TIMEZONE); the scan and the digest skip holidays themselves.
    "scan-deadlines": {
        "task": "dialogues.tasks.scan_deadlines",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
    # The privacy register's retention rules (privacy/retention.py), once a night.
    "apply-retention": {"task": "privacy.tasks.apply_retention", "schedule": crontab(hour=3, minute=15)},
    "daily-digest": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
}

# The cache: Redis when configured (CACHE_URL, or the broker's server one database up), shared by every worker;
# local memory otherwise. Pages and figures are cached only in a shared cache (see mokum/pagecache.py): with a
# cache per process, a change seen by one worker would not reach the others until the entry expired.
CACHES = {"default": env_cache("CACHE_URL", redis_url=REDIS_URL)}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
SHARED_CACHE = CACHES["default"]["BACKEND"].startswith("django_redis")
# Visitors' pages (home, initiatives, dialogues, districts, statistics, API lists) and the dashboard's figures;
# every change to the data they show invalidates them at once, these are only the upper bounds. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if SHARED_CACHE else 0, minimum=0)
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 60 if SHARED_CACHE else 0, minimum=0)
# Pages that count working days (days left, days overdue) read the holiday table from the cache.
HOLIDAYS_CACHE_SECONDS = 300 if SHARED_CACHE else 0

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional" if DEBUG else "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kracht van Mokum] "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Staff sign in with the city's identity provider (OpenID Connect) when these are set; residents use e-mail.
OIDC_ISSUER = env_str("OIDC_ISSUER", "")
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "city",
                "name": env_str("OIDC_BUTTON_NAME", "Gemeente Amsterdam"),
                "client_id": env_str("OIDC_CLIENT_ID", ""),
                "secret": env_str("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": OIDC_ISSUER},
            }
        ]
        if OIDC_ISSUER
        else [],
    }
}
# Only a verified address (the provider's email_verified claim) links a city account to an existing account.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
# allauth's rate limits stay on (login failures, sign-ups, password resets per address and per IP).
# Every rate limit tells visitors apart by one rule: behind NUM_PROXIES trusted proxies (docker-compose: 1) the
# client is the entry the nearest proxy appended to X-Forwarded-For; with 0 the header is ignored (not spoofable).
NUM_PROXIES = env_int("NUM_PROXIES", 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES

LANGUAGE_CODE = "nl"
# Dutch is the source of the site's words and the default; the others are translations (README: "Adding a
# language"). The switch names each language in itself (Django's name_local), these names are for sentences
# such as "Written in Turkish". Arabic is written right to left (Django's LANGUAGES_BIDI): see base.html.
LANGUAGES = [("nl", _("Dutch")), ("en", _("English")), ("tr", _("Turkish")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Where ops/backup.py writes backups and records the last one (/healthz reports it; README: Reliability).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))
# Uploads (and the privacy downloads built by the task) on storage that every web and worker process shares:
# the local folders above by default (one machine, or a shared volume), or S3-compatible object storage with
# STORAGE_BACKEND=s3 (django-storages; AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Downloads then go under a private prefix, served only through the site.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "filesystem")
if STORAGE_BACKEND not in ("filesystem", "s3"):
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be filesystem or s3, not {STORAGE_BACKEND!r}.")
if STORAGE_BACKEND == "s3":
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    AWS_DEFAULT_ACL = None  # the bucket's own policy
    AWS_S3_FILE_OVERWRITE = False
    _S3 = "storages.backends.s3.S3Storage"
    _FILES = {
        "default": {"BACKEND": _S3, "OPTIONS": {"location": "media", "querystring_auth": False}},
        "exports": {"BACKEND": _S3, "OPTIONS": {"location": "private/exports", "querystring_auth": True}},
    }
else:
    _FILES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
STORAGES = {
    **_FILES,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_email_url_port("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
# The public address of the site, for links in e-mails: `make run` sets it from HOST and PORT; production must
# name it, or every mail would point residents at a development address.
SITE_URL = env_str("SITE_URL")
if SITE_URL is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off: the site's public address, e.g. https://krachtvanmokum.nl."
        )
    SITE_URL = "http://localhost:8000"
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")
# Replies by e-mail (inbound/): notifications carry a personal Reply-To at this domain, whose mail the mail
# server pipes to `manage.py receive_mail` or a mail provider posts to anymail's inbound webhook. Empty: off.
INBOUND_EMAIL_DOMAIN = env_str("INBOUND_EMAIL_DOMAIN", "")
REPLY_TOKEN_DAYS = env_int("REPLY_TOKEN_DAYS", 90, minimum=1)
ANYMAIL = {
    # Basic auth ("user:password") that the mail provider's webhook URL carries; every provider supports it.
    "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET", ""),
    # Mailgun also signs each post; anymail checks the signature with this key.
    "MAILGUN_WEBHOOK_SIGNING_KEY": env_str("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
}
INBOUND_WEBHOOKS = bool(ANYMAIL["WEBHOOK_SECRET"] or ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"])
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kracht van Mokum <noreply@krachtvanmokum.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Behind a TLS-terminating proxy in production; plain HTTP only for the embedded site.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database, read through the shared cache (mokum/sessions.py): no query per request, and a
# Redis outage never logs anyone out or loses a form. A cached copy lives at most SESSION_CACHE_SECONDS, so one
# that missed a change made while Redis was unreachable is gone that long after it is back. Without a shared
# cache sessions are read from the database only.
SESSION_ENGINE = "mokum.sessions" if SHARED_CACHE else "django.contrib.sessions.backends.db"
SESSION_CACHE_SECONDS = env_int("SESSION_CACHE_SECONDS", 120, minimum=0)
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response (django-csp): scripts, styles, images and fonts only from the site
# itself, no inline script or style (charts are inline SVG with presentation attributes, see dashboard/charts.py),
# forms post only to the site, and no other site may frame it. The HTML e-mails keep their inline styles: they
# are not served as pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # With Redis down every request hit an ignored cache error: one line per outage instead (mokum/outages.py).
    "filters": {"once_per_outage": {"()": "mokum.outages.OncePerOutage"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "django_redis.cache": {"filters": ["once_per_outage"]}},
}

# Personal data (privacy/register.py): how long the retention job keeps what, in days. The privacy statement
# shows these periods; change them only together with that statement.
PRIVACY_UNVERIFIED_SIGNUP_DAYS = env_int("PRIVACY_UNVERIFIED_SIGNUP_DAYS", 7, minimum=1)
PRIVACY_READ_NOTIFICATION_DAYS = env_int("PRIVACY_READ_NOTIFICATION_DAYS", 90, minimum=1)
PRIVACY_INTERNAL_NOTE_DAYS = env_int("PRIVACY_INTERNAL_NOTE_DAYS", 365, minimum=1)
PRIVACY_STALE_INVITATION_DAYS = env_int("PRIVACY_STALE_INVITATION_DAYS", 30, minimum=1)
PRIVACY_DECLINED_OFFER_DAYS = env_int("PRIVACY_DECLINED_OFFER_DAYS", 180, minimum=1)
PRIVACY_INBOUND_MAIL_DAYS = env_int("PRIVACY_INBOUND_MAIL_DAYS", 90, minimum=1)
PRIVACY_ACCESS_LOG_DAYS = env_int("PRIVACY_ACCESS_LOG_DAYS", 730, minimum=1)
PRIVACY_INACTIVE_ACCOUNT_DAYS = env_int("PRIVACY_INACTIVE_ACCOUNT_DAYS", 3 * 365, minimum=30)
PRIVACY_INACTIVE_WARNING_DAYS = env_int("PRIVACY_INACTIVE_WARNING_DAYS", 30, minimum=1)
# A download of all one's data: built on the spot up to this many records, by a task above it; its link expires.
PRIVACY_EXPORT_INLINE_LIMIT = env_int("PRIVACY_EXPORT_INLINE_LIMIT", 5000, minimum=0)
PRIVACY_EXPORT_LINK_HOURS = env_int("PRIVACY_EXPORT_LINK_HOURS", 48, minimum=1)
PRIVACY_EXPORT_ROOT = Path(env_str("PRIVACY_EXPORT_ROOT", str(BASE_DIR / "private" / "exports")))

# The open data API (api/): read-only JSON, paginated, rate-limited per visitor, described by OpenAPI.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "240/minute"},
    # Visitors are told apart by address, by the same trusted-proxy rule as allauth (NUM_PROXIES above).
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kracht van Mokum open data",
    "DESCRIPTION": (
        "Read-only open data of the Kracht van Mokum dialogue platform: the districts, the public initiatives, "
        "their dialogues with the municipality (state, deadlines, outcomes with reasoning, commitments) and "
        "how responsive the municipality is. No personal data beyond public display names."
    ),
    "VERSION": "1.0.0",
    # OpenAPI 3.1 says "this or null" plainly (3.0's nullable next to a $ref is read differently by tools).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every error answer is part of the contract (api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.document_errors"],
    # An initiative's status appears in the list and in the detail (with `similar`): one enum, named once.
    "ENUM_NAME_OVERRIDES": {"InitiativeStatusEnum": "initiatives.models.Initiative.Status"},
}

# Neighbours' reactions (connect/): at most this many reactions per person in this many minutes, so one person
# cannot flood an initiative's page or its initiators' mailboxes.
CONNECT_REACTIONS_PER_WINDOW = env_int("CONNECT_REACTIONS_PER_WINDOW", 5, minimum=1)
CONNECT_REACTION_WINDOW_MINUTES = env_int("CONNECT_REACTION_WINDOW_MINUTES", 10, minimum=1)
