"""Settings for 微政务, read from the environment.

Every variable is listed with its default in `.env.example`. A `.env` file next to
`manage.py` is read when present; real environment variables win over it.
Secure by default: DEBUG is off unless asked for, and without DEBUG the process
refuses to start without a SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.storage_config import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example); "
            "only DEBUG=true runs without one."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
# Rotating the key: the new one in SECRET_KEY, the old ones here (comma-separated)
# until every query code, session and device cookie signed with them has lapsed.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if not DEBUG else ["*"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # kernel.search's GIN index and tsvector expressions (inert on SQLite).
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "import_export",
    "sequences.apps.SequencesConfig",
    "django_tasks_db",
    # django-axes, under a Chinese name (portal/login_guard/): admin login lockouts.
    "portal.login_guard.apps.LoginGuardConfig",
    "departments",
    "notifications",
    "periodic",
    "cases",
    "media_gallery",
    "feedback",
    "knowledge",
    "citizens",
    "appointments",
    "surveys",
    "notices",
    # Open311 GeoReport v2 (open311/); its clients' keys are djangorestframework-api-key's.
    "rest_framework_api_key",
    "open311",
    # Last, so that its post_migrate hook sees every app's permissions.
    "portal",
]

MIDDLEWARE = [
    # First: forwarded headers from an untrusted peer never reach anything else.
    "portal.proxies.TrustedProxyMiddleware",
    # Requests and their latency with every middleware (django-prometheus; the
    # after-middleware below counts them by view). It reads no forwarded header.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request id, from nginx's X-Request-ID (a UUID only) or made here, before
    # anything logs (portal/request_ids.py).
    "portal.request_ids.AcceptOnlyUuidRequestIdMiddleware",
    "log_request_id.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a cross-site write to the API is refused before any work.
    "portal.cross_site.CrossSiteWriteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "portal.middleware.CacheUnavailableMiddleware",
    # Inside the 503 middlewares, so that it counts the exceptions they answer;
    # outside axes, so that it counts a lockout page as the status it is.
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# The embedded default needs no set-up; production points DATABASE_URL at PostgreSQL.
if "DATABASE_URL" not in env:
    # The embedded default lives in var/, which a fresh clone does not have yet.
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'weizhengwu.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the dashboard's few large aggregates anew on every
    # cold load (about 50 ms at a million cases) and helps none of the short
    # queries the portal runs: off, as for most OLTP sites.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the two gunicorn workers of `make run` share the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis rather than Django's own backend: one client per
            # process (Django's builds a redis-py client for every call, a third of
            # a look-up's cache time) and an atomic increment in one round trip
            # (Django's is EXISTS then INCRBY: two, and a counter expiring between
            # them comes back without its expiry). bench/read_paths.py measures it.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wzw",
            # A Redis that stops answering fails a request within a second (a 503,
            # portal/middleware.py) instead of holding a worker until gunicorn kills it.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
elif DEBUG:
    # The development server is one process, and the tests count queries.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Without Redis the throttles' counters are kept in the database: one count for
    # all gunicorn workers, where a cache in each worker's memory gave each worker
    # its own limit (portal/cache.py; a per-process cache is a `check --deploy` error).
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.DatabaseCache",
            "LOCATION": "portal_cache",
            # Django's 300 would let a flood of new keys evict the counters.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user name or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Only staff log in, at /admin/login/; when `next` is missing or points off-site,
# they land on the back office, not Django's default /accounts/profile/ (a 404).
LOGIN_REDIRECT_URL = "admin:index"
# The one-time query code of a case registered for a caller is shown with a message:
# kept in the session on the server, never in a cookie (docs/security/web.md).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Lists count their rows only up to a cap (kernel/counts.py): a back-office list past
# ADMIN_LIST_COUNT_CAP says "1,000+"; an API list past API_LIST_COUNT_CAP answers
# `count_capped: true`.
ADMIN_LIST_COUNT_CAP = env.int("ADMIN_LIST_COUNT_CAP", default=1000)
API_LIST_COUNT_CAP = env.int("API_LIST_COUNT_CAP", default=10000)

# Admin login lockouts (django-axes, portal/login_guard/): a user name that fails
# AXES_FAILURE_LIMIT times from one address is locked there, and an address that
# fails AXES_ADDRESS_FAILURE_LIMIT times in all (any user names) is locked for
# everyone, each for AXES_COOLOFF_MINUTES after the last failure. Supervisors
# unlock in the back office (登录安全 > 登录失败记录).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "portal.login_guard.handler.LoginGuardHandler"
AXES_LOCKOUT_CALLABLE = "portal.login_guard.views.lockout_response"
# The client address the API throttles use (NUM_PROXIES), so both agree.
AXES_CLIENT_IP_CALLABLE = "portal.login_guard.handler.client_ip"
# Tries made while locked do not push the end of the lockout further out, so the
# time on the lockout page holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ADMIN = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploads on the disk (the default) or in an S3-compatible object store: a public
# bucket (posters, albums, logos, portraits, covers; plain URLs) and a private one
# (case photos, pre-check materials, ledger files; signed URLs that expire), with
# django-storages (kernel/storage.py, docs/operations.md).
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")
S3_PUBLIC_BUCKET = env.str("S3_PUBLIC_BUCKET", default="weizhengwu-public")
S3_PRIVATE_BUCKET = env.str("S3_PRIVATE_BUCKET", default="weizhengwu-private")
_LOCAL_FILES = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if S3_ENDPOINT_URL:
    S3_ADDRESSING_STYLE = env.str("S3_ADDRESSING_STYLE", default="path")
    _FILES = s3_storages(
        endpoint_url=S3_ENDPOINT_URL,
        access_key=env.str("S3_ACCESS_KEY"),
        secret_key=env.str("S3_SECRET_KEY"),
        region_name=env.str("S3_REGION", default="us-east-1"),
        addressing_style=S3_ADDRESSING_STYLE,
        public_bucket=S3_PUBLIC_BUCKET,
        private_bucket=S3_PRIVATE_BUCKET,
    )
    # Public files at the bucket's own address unless a CDN or nginx serves them.
    MEDIA_URL = env.str(
        "MEDIA_URL", default=f"{S3_ENDPOINT_URL.rstrip('/')}/{S3_PUBLIC_BUCKET}/"
    )
else:
    # One folder; the /media/ view guards the private prefixes (portal/views.py).
    # Ledger files stay in LEDGER_EXPORT_ROOT (cases/services/ledgers.py).
    _FILES = {"default": _LOCAL_FILES, "private": _LOCAL_FILES}
    MEDIA_URL = env.str("MEDIA_URL", default="/media/")
# The portal serves uploaded media itself unless a web server or object store does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not S3_ENDPOINT_URL)
STORAGES = {
    **_FILES,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: bounded request bodies; per-photo limits live in kernel.images.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# HTTPS hardening follows DEBUG unless HTTPS_ONLY says otherwise (`make run` serves
# plain http on 127.0.0.1, so it turns it off).
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=31536000 if HTTPS_ONLY else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses (or networks) of the reverse proxies: X-Forwarded-* headers from any
# other peer are dropped (portal/proxies.py) before the scheme, the throttles or the
# login lockouts read them. gunicorn_conf.py uses the same list.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
# Who may read /metrics (addresses or networks; portal/metrics.py): the client as
# portal/proxies.py establishes it, so behind nginx the forwarded client, never
# nginx itself. Everyone else gets a 404.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
# ...over plain http too: a scraper on this machine reads gunicorn directly, and
# the page holds counts only.
SECURE_REDIRECT_EXEMPT = [r"^metrics$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True


# Content-Security-Policy (Django's own middleware; docs/security/web.md): only this
# origin's files, inline scripts only with the per-response nonce (the H5 import map
# and 长辈模式 snippet, the admin's change list <style>). Style attributes stay allowed:
# back-office templates use a few, and an attribute cannot run script.
def _media_origins() -> list[str]:
    """MEDIA_URL's host and the hosts of the private bucket's signed URLs: the
    endpoint's, or with virtual addressing the bucket's own (bucket.host)."""
    origins = set()
    for parts in map(urlsplit, [MEDIA_URL, S3_ENDPOINT_URL]):
        if parts.scheme in ("http", "https"):
            origins.add(f"{parts.scheme}://{parts.netloc}")
    if S3_ENDPOINT_URL and S3_ADDRESSING_STYLE == "virtual":
        endpoint = urlsplit(S3_ENDPOINT_URL)
        for bucket in (S3_PUBLIC_BUCKET, S3_PRIVATE_BUCKET):
            origins.add(f"{endpoint.scheme}://{bucket}.{endpoint.netloc}")
    return sorted(origins)


_MEDIA_ORIGINS = _media_origins()
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # django-import-export's export page selects all fields with one inline handler.
    "script-src-attr": [
        CSP.UNSAFE_HASHES,
        "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
    ],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    # blob: the H5 previews photos before they are sent.
    # With an object store: its public address and the signed links' host.
    "img-src": [CSP.SELF, "blob:", *_MEDIA_ORIGINS],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

REST_FRAMEWORK = {
    # drf-spectacular's, plus the errors every view can answer (docs/security/schema.md).
    "DEFAULT_SCHEMA_CLASS": "kernel.api.schema.PortalAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # No FormParser: a url-encoded body is what a cross-site <form> sends without
    # asking; the H5 sends JSON, and multipart only with photos (the case
    # submission adds MultiPartParser itself), so elsewhere a form is a 415.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "kernel.api.pagination.PortalPagination",
    "EXCEPTION_HANDLER": "kernel.api.exceptions.portal_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "case_submit": env.str("THROTTLE_CASE_SUBMIT", default="20/hour"),
        "case_lookup": env.str("THROTTLE_CASE_LOOKUP", default="60/hour"),
        "case_supplement": env.str("THROTTLE_CASE_SUPPLEMENT", default="20/hour"),
        "case_similar": env.str("THROTTLE_CASE_SIMILAR", default="120/hour"),
        "knowledge_suggest": env.str("THROTTLE_KNOWLEDGE_SUGGEST", default="600/hour"),
        "knowledge_vote": env.str("THROTTLE_KNOWLEDGE_VOTE", default="60/hour"),
        # Wrong query codes: per case number and address, and per address in all.
        "case_code_failure": env.str("THROTTLE_CASE_CODE_FAILURE", default="5/hour"),
        "case_code_failure_address": env.str(
            "THROTTLE_CASE_CODE_FAILURE_ADDRESS", default="20/hour"
        ),
        "impression": env.str("THROTTLE_IMPRESSION", default="30/hour"),
        "review": env.str("THROTTLE_REVIEW", default="30/hour"),
        "evaluation": env.str("THROTTLE_EVALUATION", default="20/hour"),
        # citizens: login codes per address and per phone, logins per address.
        "citizen_code": env.str("THROTTLE_CITIZEN_CODE", default="20/hour"),
        "citizen_code_phone": env.str("THROTTLE_CITIZEN_CODE_PHONE", default="5/hour"),
        "citizen_login": env.str("THROTTLE_CITIZEN_LOGIN", default="30/hour"),
        "citizen_wechat": env.str("THROTTLE_CITIZEN_WECHAT", default="30/hour"),
        # appointments: bookings, moves and cancellations; pre-check photos.
        "appointment_book": env.str("THROTTLE_APPOINTMENT_BOOK", default="30/hour"),
        "appointment_photo": env.str("THROTTLE_APPOINTMENT_PHOTO", default="60/hour"),
        "survey_response": env.str("THROTTLE_SURVEY_RESPONSE", default="30/hour"),
        # Open311 reads without a key, per address (a key has its own rate).
        "open311_read": env.str("THROTTLE_OPEN311_READ", default="600/hour"),
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(
        "rest_framework.renderers.BrowsableAPIRenderer"
    )

SPECTACULAR_SETTINGS = {
    "TITLE": "微政务 API",
    "DESCRIPTION": "Citizen-facing API of the 微政务 portal, version 1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models call their choices `status` or `kind`: a case's keep the
    # names they always had, the others are named by their model.
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "cases.models.case.Case.Status",
        "KindEnum": "cases.models.case.Case.Kind",
        "AppointmentStatusEnum": "appointments.models.booking.Appointment.Status",
        "NoticeKindEnum": "notices.models.Notice.Kind",
        "SurveyKindEnum": "surveys.models.Survey.Kind",
        "QuestionKindEnum": "surveys.models.Question.Kind",
    },
    # After the default enum hook: cross-field rules (kernel/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kernel.api.schema.postprocess_rules",
    ],
}

# citizens: how long a sign-in with a phone and an SMS code lasts (docs/citizens.md).
CITIZEN_SESSION_DAYS = env.int("CITIZEN_SESSION_DAYS", default=30)

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

# Logs (docs/observability.md): plain text, or with LOG_FORMAT=json one JSON object
# a line (portal/log_format.py, which writes only the named fields). Every record
# carries the request id (django-log-request-id's filter: null outside a request), which the
# response returns in X-Request-ID. Personal data is never logged: messages name
# paths, never query strings or bodies (docs/security/privacy.md).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT is plain or json.")
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
NO_REQUEST_ID = None
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "log_request_id.filters.RequestIDFilter",
        }
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {
            "()": "portal.log_format.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# Error reports (portal/error_reports.py): to Sentry when SENTRY_DSN is set, without
# personal data (no bodies, cookies, query strings, users or local variables);
# performance traces only with SENTRY_TRACES_SAMPLE_RATE above 0.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from portal.error_reports import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Django 6.1 mailers: SMTP from EMAIL_URL (smtp+tls://user:pass@host:587) in
# production; the console in development, or when EMAIL_URL is not set with DEBUG.
_email_url = env.str("EMAIL_URL", default="")
if _email_url:
    _email = environ.Env.email_url_config(_email_url)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email["EMAIL_HOST"],
                "port": _email["EMAIL_PORT"],
                "username": _email["EMAIL_HOST_USER"],
                "password": _email["EMAIL_HOST_PASSWORD"],
                "use_tls": _email.get("EMAIL_USE_TLS", False),
                "use_ssl": _email.get("EMAIL_USE_SSL", False),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@weizhengwu.local")
# Who gets the server's error mails (mail_admins), "名字 <地址>" comma-separated, and
# the address they come from.
ADMINS = [
    address.strip() for address in env.list("ADMINS", default=[]) if address.strip()
]
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Notifications (docs/notifications.md): the backend of each channel ("console",
# "locmem", "aliyun", "tencent", "wechatpy", "email" or a dotted path), the most
# messages a recipient gets a day, the Fernet key of recipients and codes (blank:
# derived from SECRET_KEY), retries (attempts, first wait in seconds, doubling) and
# the seconds a backend call may take before it counts as failed.
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
WECHAT_BACKEND = env.str("WECHAT_BACKEND", default="console")
EMAIL_NOTIFY_BACKEND = env.str("EMAIL_NOTIFY_BACKEND", default="email")
NOTIFY_MAX_PER_DAY = env.int("NOTIFY_MAX_PER_DAY", default=10)
NOTIFY_ENCRYPTION_KEY = env.str("NOTIFY_ENCRYPTION_KEY", default="")
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=5)
NOTIFY_RETRY_BASE_SECONDS = env.float("NOTIFY_RETRY_BASE_SECONDS", default=60.0)
NOTIFY_SEND_TIMEOUT = env.float("NOTIFY_SEND_TIMEOUT", default=15.0)
SMS_SIGN_NAME = env.str("SMS_SIGN_NAME", default="微政务")

# Notification providers (docs/notifications.md, "Providers"): the keys of the SMS
# and WeChat accounts that the aliyun, tencent and wechatpy backends use. An
# endpoint is a URL; http:// is for the local fakes of the tests only.
ALIYUN_SMS_ACCESS_KEY_ID = env.str("ALIYUN_SMS_ACCESS_KEY_ID", default="")
ALIYUN_SMS_ACCESS_KEY_SECRET = env.str("ALIYUN_SMS_ACCESS_KEY_SECRET", default="")
ALIYUN_SMS_ENDPOINT = env.str(
    "ALIYUN_SMS_ENDPOINT", default="https://dysmsapi.aliyuncs.com"
)
TENCENT_SMS_SECRET_ID = env.str("TENCENT_SMS_SECRET_ID", default="")
TENCENT_SMS_SECRET_KEY = env.str("TENCENT_SMS_SECRET_KEY", default="")
TENCENT_SMS_SDK_APP_ID = env.str("TENCENT_SMS_SDK_APP_ID", default="")
TENCENT_SMS_REGION = env.str("TENCENT_SMS_REGION", default="ap-guangzhou")
TENCENT_SMS_ENDPOINT = env.str(
    "TENCENT_SMS_ENDPOINT", default="https://sms.tencentcloudapi.com"
)
WECHAT_APP_ID = env.str("WECHAT_APP_ID", default="")
WECHAT_APP_SECRET = env.str("WECHAT_APP_SECRET", default="")
WECHAT_API_BASE_URL = env.str(
    "WECHAT_API_BASE_URL", default="https://api.weixin.qq.com/cgi-bin/"
)
# Seconds the SDKs wait for a provider's answer before the message is retried
# later; below NOTIFY_SEND_TIMEOUT, so the SDK gives up cleanly first.
NOTIFY_PROVIDER_TIMEOUT = env.float("NOTIFY_PROVIDER_TIMEOUT", default=10.0)
# The SDKs and urllib3 log whole requests at DEBUG, phone numbers and access
# tokens included: they stay at INFO or above whatever LOG_LEVEL says.
LOGGING["loggers"].update(
    {
        name: {"level": "INFO"}
        for name in ("urllib3", "tencentcloud_sdk_common", "darabonba-core", "wechatpy")
    }
)

# Cases: working days to answer, per kind (a service type may set its own), and the
# limits on what a citizen may send. docs/cases.md explains the choices.
CASE_REPLY_DAYS = {
    "consultation": env.int("CASE_REPLY_DAYS_CONSULTATION", default=3),
    "complaint": env.int("CASE_REPLY_DAYS_COMPLAINT", default=5),
    "suggestion": env.int("CASE_REPLY_DAYS_SUGGESTION", default=15),
}
# The State Council's holidays for years chinese_calendar does not know yet, and
# local closures: one "YYYY-MM-DD 休" or "YYYY-MM-DD 班" per line (docs/cases.md).
WORKDAY_CALENDAR_FILE = env.str("WORKDAY_CALENDAR_FILE", default="")
# Office hours on working days, for the limits counted in working hours.
WORKDAY_HOURS = env.str("WORKDAY_HOURS", default="09:00-12:00,13:00-17:00")
# 12345 handling (docs/staff.md): 签收 within SIGN_FOR_HOURS working hours of
# dispatch; an urgent case answered within CASE_URGENT_HOURS working hours; 协办意见
# within CO_HANDLING_DAYS working days; a case waiting for the citizen's 补充材料
# resumes by itself after INFO_WAIT_DAYS working days; 回访 within CALLBACK_DAYS
# working days of 办结; 催办 ESCALATION_URGE_HOURS working hours before a deadline,
# 督办 once it passes, 通报 ESCALATION_REPORT_DAYS working days after it.
SIGN_FOR_HOURS = env.float("SIGN_FOR_HOURS", default=4)
CASE_URGENT_HOURS = env.float("CASE_URGENT_HOURS", default=7)
CO_HANDLING_DAYS = env.int("CO_HANDLING_DAYS", default=3)
INFO_WAIT_DAYS = env.int("INFO_WAIT_DAYS", default=5)
CALLBACK_DAYS = env.int("CALLBACK_DAYS", default=3)
ESCALATION_URGE_HOURS = env.float("ESCALATION_URGE_HOURS", default=24)
ESCALATION_REPORT_DAYS = env.int("ESCALATION_REPORT_DAYS", default=3)
CASE_MAX_PHOTOS = 9
CASE_PHOTO_MAX_BYTES = 10 * 1024 * 1024
# Decoding costs by pixels, not bytes (docs/security/input.md): per photo, per
# submission (nine 12-megapixel phone photos fit), and the stored original's
# longer side (a phone's 4032 px stays as it is).
CASE_PHOTO_MAX_PIXELS = env.int("CASE_PHOTO_MAX_PIXELS", default=40_000_000)
CASE_PHOTO_MAX_TOTAL_PIXELS = env.int(
    "CASE_PHOTO_MAX_TOTAL_PIXELS", default=120_000_000
)
CASE_PHOTO_MAX_EDGE = env.int("CASE_PHOTO_MAX_EDGE", default=4096)
# Case photos are personal data (cases/photos.py): the look-up's links to them work
# this many seconds; with nginx in front, the path prefix of its `internal` location
# that serves them once the portal has said yes (docs/security/privacy.md).
CASE_PHOTO_LINK_MAX_AGE = env.int("CASE_PHOTO_LINK_MAX_AGE", default=3600)
CASE_PHOTO_ACCEL_REDIRECT = env.str("CASE_PHOTO_ACCEL_REDIRECT", default="")

# Open311 GeoReport v2 (docs/open311.md): the discovery's changeset, contact and
# how to get a key; the service codes whose public requests show their address
# and coordinates (none unless the city decides); the most requests one GET
# answers; how long the log of keyed requests is kept (six months of network logs).
OPEN311_CHANGESET = env.str("OPEN311_CHANGESET", default="2026-12-04T00:00:00+08:00")
OPEN311_CONTACT = env.str("OPEN311_CONTACT", default="12345 政务服务便民热线")
OPEN311_KEY_SERVICE = env.str(
    "OPEN311_KEY_SERVICE", default="接口密钥由市政务服务管理部门督办人员在后台签发"
)
OPEN311_PUBLIC_LOCATION_SERVICES = frozenset(
    env.list("OPEN311_PUBLIC_LOCATION_SERVICES", default=[])
)
OPEN311_MAX_REQUESTS = env.int("OPEN311_MAX_REQUESTS", default=1000)
OPEN311_KEY_USE_KEEP_DAYS = env.int("OPEN311_KEY_USE_KEEP_DAYS", default=183)
# Retention (`manage.py apply_retention`, docs/security/privacy.md): days after a
# case is closed or refused before its contact details are erased and its photos
# deleted; the case, its text and timeline stay for the ledgers.
CASE_CONTACT_KEEP_DAYS = env.int("CASE_CONTACT_KEEP_DAYS", default=365)
# 政务信息: a second person approves each notice before it is published.
NOTICE_APPROVAL_REQUIRED = env.bool("NOTICE_APPROVAL_REQUIRED", default=False)
# A booking's name and phone: kept past its day for the no-show rule (90 days).
APPOINTMENT_CONTACT_KEEP_DAYS = env.int("APPOINTMENT_CONTACT_KEEP_DAYS", default=90)
CASE_PHOTO_KEEP_DAYS = env.int("CASE_PHOTO_KEEP_DAYS", default=180)
# Every upload (kernel.images): images decoded at once per process, and the most
# pixels per byte of file an image above 4 megapixels may claim.
IMAGE_DECODE_CONCURRENCY = env.int("IMAGE_DECODE_CONCURRENCY", default=2)
IMAGE_MAX_PIXELS_PER_BYTE = env.int("IMAGE_MAX_PIXELS_PER_BYTE", default=100)

# Feedback (docs/feedback.md): one impression or review per target, browser and day;
# working days a department has to finish a 差评整改; days after an answer before an
# unrated case is listed for staff to invite a rating.
FEEDBACK_ONE_PER_DAY = env.bool("FEEDBACK_ONE_PER_DAY", default=True)
RECTIFICATION_DAYS = env.int("RECTIFICATION_DAYS", default=15)
# Working days a department has to call the citizen back (回访) after a bad rating.
RECTIFICATION_CONTACT_DAYS = env.int("RECTIFICATION_CONTACT_DAYS", default=1)
FEEDBACK_INVITE_AFTER_DAYS = env.int("FEEDBACK_INVITE_AFTER_DAYS", default=3)

# Background work (large ledger exports) runs on Django's tasks framework with the
# database backend; `manage.py db_worker` runs the tasks (`make run` starts one).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}

# Ledger exports: up to this many rows answer within the request; more run in the
# background and are downloaded when ready (docs/ledgers.md).
LEDGER_SYNC_MAX_ROWS = env.int("LEDGER_SYNC_MAX_ROWS", default=5_000)
# Finished exports hold personal data: kept outside MEDIA_ROOT, never served directly.
LEDGER_EXPORT_ROOT = env.path("LEDGER_EXPORT_ROOT", default=VAR_DIR / "exports")
# ...and deleted this many days after they were written (`manage.py
# prune_ledger_exports`, daily from cron); the export records stay.
LEDGER_EXPORT_KEEP_DAYS = env.int("LEDGER_EXPORT_KEEP_DAYS", default=7)

# Spreadsheet imports (docs/imports.md): each file in one transaction, blank lines
# in an XLSX ignored, an admin log entry per imported row.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Case notices (issue 17, docs/cases.md "Messages to the citizen"): whether the
# submission form's 接收短信通知 is ticked before the citizen chooses (PIPL: off
# unless the city decides otherwise), and the public address of the H5 site that
# SMS links (the look-up page) start with.
CASE_SMS_CONSENT_DEFAULT = env.bool("CASE_SMS_CONSENT_DEFAULT", default=False)
PORTAL_PUBLIC_URL = env.str("PORTAL_PUBLIC_URL", default="").rstrip("/")
