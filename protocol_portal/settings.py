"""Settings of the Protocol Portal, read from the environment.

Every variable is declared once, typed and with its default, in the block below; `.env.example`
documents each of them. A `.env` file beside `manage.py` is read when present and never
overrides variables already set in the environment.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

environ.Env.read_env(BASE_DIR / ".env")
env = environ.Env()

# --- Environment -------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must hold a small office writing at once (logins are writes too):
    # readers never wait for a writer (WAL), a writer waits its turn for up to 20 s instead of
    # failing with "database is locked", and a transaction takes the write lock when it begins,
    # so two transactions never deadlock upgrading their read locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    # A connection to a database server is kept open between requests: opening one costs the
    # server a new process and the worker a round of authentication, more than a public page's
    # own queries (the cold directory served 89 requests a second with one per request, 114
    # with kept ones). Each connection is checked before a request uses it, so a restarted
    # database costs no failed request. `?conn_max_age=0` in DATABASE_URL opens one a request.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 600)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # Redis down or slow: every cache read misses and every write is dropped, after at most a
    # second, so pages are made afresh instead of failing (the page cache steps aside, rate
    # limits refuse, see below); each such error is logged.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
    )
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Entries that never change under their key (partner cards, filter choices, the site settings,
# the layout's kept parts): each process keeps them in its own memory, in front of the shared
# cache, and reads them there without a round trip (core/kept_cache.py). Small entries only (a
# card is under 1 KB, the safety bar about 2 KB): 5,000 of them take 10 MB at most.
CACHES["kept"] = {
    "BACKEND": "core.kept_cache.LocalThenSharedCache",
    "TIMEOUT": 24 * 60 * 60,
    "OPTIONS": {"SHARED": "default", "MAX_ENTRIES": 5000},
}
# Only one process serves (one gunicorn worker, or `make run`): then a cache in that process's
# memory is shared by every request. With several, rate limits and lockouts need CACHE_URL.
SINGLE_PROCESS = env.bool("SINGLE_PROCESS", default=False)
# The largest upload any form takes (a signed accession, an attachment, an import), and the
# largest request body: that upload and the rest of its form. The proxy's limit should match
# (nginx: client_max_body_size 11m).
# How long earlier versions of contact persons' names, emails and phones, and join requests'
# emails and messages, are kept; `manage.py scrub_personal_data` (daily) blanks older ones.
PERSONAL_DATA_RETENTION_MONTHS = env.int("PERSONAL_DATA_RETENTION_MONTHS", default=24)
# A standing commitment with no progress report for this many months is due one ("What needs
# me", reminders): counted from its last report, else from when it was made.
PROGRESS_REPORT_MONTHS = env.int("PROGRESS_REPORT_MONTHS", default=6)
if PROGRESS_REPORT_MONTHS < 1:
    raise ImproperlyConfigured(
        "PROGRESS_REPORT_MONTHS is the number of months a commitment may go without a progress "
        "report: set it to 1 or more (default 6)."
    )
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=MAX_UPLOAD_BYTES + 1024 * 1024)
# Email through a URL: consolemail:// prints messages, smtp+tls://user:pass@host:587 sends them.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Protocol Portal <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Background jobs (imports, reminders, scheduled duties) go through django-tasks: queued in the
# database, run by `manage.py db_worker` (see docs/architecture.md). Tests run them in the
# request with the immediate backend, except the tests that start a real worker.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
# How far a job has come (rows done of an import) is written by the worker and read by the web
# process: in the shared cache when there is one, else in files that the processes of this one
# machine share (the embedded default).
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["jobs"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path("JOB_PROGRESS_DIR", default=BASE_DIR / "var" / "job-progress"),
    }
else:
    CACHES["jobs"] = CACHES["default"]
# The portal's public address, for links in emails sent without a request (reminders from the
# worker, invitations): scheme and host, no trailing slash.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")
# Behind a TLS-terminating proxy: redirect to HTTPS, secure cookies and HSTS. Off only for
# plain-HTTP development and tests.
SECURE_HTTPS = env.bool("SECURE_HTTPS", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_HTTPS else 0)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# Where the visitor's address is, for login throttling and rate limits: empty means
# REMOTE_ADDR; behind a proxy that sets X-Real-IP, use HTTP_X_REAL_IP.
CLIENT_IP_META_KEY = env.str("CLIENT_IP_META_KEY", default="")
# Coordinators and admins must log in with a second factor (an authenticator app's code):
# without a confirmed device they are sent to its setup before any workspace or admin page.
# On by default in production; off in development.
OTP_REQUIRED_FOR_COORDINATORS = env.bool("OTP_REQUIRED_FOR_COORDINATORS", default=not DEBUG)
# Only the benchmark changes it (bench.urls adds a minimal "hello" view).
ROOT_URLCONF = env.str("ROOT_URLCONF", default="protocol_portal.urls")

# --- Refuse an unsafe production configuration --------------------------------------------------
if not DEBUG:
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the host names the portal answers to when DEBUG is off, "
            "e.g. ALLOWED_HOSTS=portal.example.bg"
        )
    if CACHES["default"]["BACKEND"].endswith("LocMemCache") and not SINGLE_PROCESS:
        raise ImproperlyConfigured(
            "CACHE_URL is the memory of each process, so with several processes every one would "
            "count rate limits and lockouts on its own. Set CACHE_URL=redis://host:6379/1, or "
            "SINGLE_PROCESS=true if exactly one process serves the portal."
        )
elif not SECRET_KEY:
    # Development only: a fixed key is harmless when DEBUG is on and nothing is deployed.
    SECRET_KEY = "django-insecure-development-key-never-used-in-production"  # noqa: S105

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin integration applies.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "simple_history",
    "django_filters",
    "django_ratelimit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "protocol_portal",
    "core",
    "partners",
    "meetings",
    "measures",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # GET, HEAD and POST only; anything else gets 405 before any view.
    "core.middleware.AllowedMethodsMiddleware",
    # Before anything reads the body: a request larger than any form is refused unread.
    "protocol_portal.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page, so a browser that has the page gets 304 Not Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    # A visitor's public page from the shared cache (or 304) before sessions and the view run;
    # after the headers above, which every answer gets, stored or not.
    "core.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Private pages carry Cache-Control: private, no-store (before the login check, so that
    # its redirect of a visitor is marked too).
    "core.middleware.PrivatePagesNotStoredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Coordinators and admins without a second factor go to its setup or its code first.
    "protocol_portal.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

WSGI_APPLICATION = "protocol_portal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
                "protocol_portal.context_processors.site",
                "protocol_portal.context_processors.workspace",
            ],
        },
    },
]

# --- Accounts ----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses logins while an account or address is locked out, then hands over.
    "axes.backends.AxesStandaloneBackend",
    # Refuses logins to one username guessed at from many addresses (protocol_portal/logins.py).
    "protocol_portal.logins.UsernamePauseBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one username from one address lock them out for fifteen minutes.
# The counts live in the database, so every process sees them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a proxy every visitor would seem to come from the proxy: read the forwarded address.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    (CLIENT_IP_META_KEY, "REMOTE_ADDR") if CLIENT_IP_META_KEY else ("REMOTE_ADDR",)
)
RATELIMIT_IP_META_KEY = CLIENT_IP_META_KEY or None
# On top of that, one username from any addresses: after LOGIN_PAUSE_AFTER_FAILURES failures
# within LOGIN_PAUSE_WINDOW each further attempt waits 1, 2, 4 … minutes after the last, at most
# LOGIN_PAUSE_MAX. An address this username logged in from within LOGIN_TRUSTED_ADDRESS_AGE is
# not paused, so a stranger cannot keep the real user out (docs/safety.md, "Logins").
LOGIN_PAUSE_AFTER_FAILURES = 10
LOGIN_PAUSE_WINDOW = timedelta(hours=1)
LOGIN_PAUSE_MAX = timedelta(minutes=15)
LOGIN_TRUSTED_ADDRESS_AGE = timedelta(days=30)
# Sign-ins (and failed attempts) are kept this long for the account's security page.
LOGIN_EVENTS_KEPT = timedelta(days=90)
# Between the password and the second factor's code, at most this long.
LOGIN_CODE_TIMEOUT = timedelta(minutes=5)
# The name authenticator apps show next to the account.
OTP_TOTP_ISSUER = "Protocol Portal"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Sessions live in the database so that every process behind the proxy sees them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Languages: Bulgarian first, English second -------------------------------------------------
LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", _("Bulgarian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Sofia"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "bg"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("bg",)

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the npm registry (package.json); only its built files are served.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),  # dashboard charts
    # The workspace's organisation pickers (core/widgets.py): the built scripts and styles.
    ("vendor/tom-select/js", BASE_DIR / "node_modules" / "tom-select" / "dist" / "js"),
    ("vendor/tom-select/css", BASE_DIR / "node_modules" / "tom-select" / "dist" / "css"),
]
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        # Kept outside MEDIA_ROOT and served by nothing: private files go out only through
        # views that check permission.
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# In development whitenoise serves straight from the finders, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Hashed file names never change content: let browsers keep them for a year.
WHITENOISE_MAX_AGE = 31_536_000 if not DEBUG else 0

# --- Security headers --------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SECURE_HTTPS
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only the site itself: no CDN, web font, analytics or map tiles can load on any page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Rate limits (the join form, password reset) count in CACHES["default"]. django-ratelimit's
# E003 objects to a cache in process memory: that is refused above unless one process serves
# (or in development), and only then is E003 silenced. Its W001 lists the backends it has
# tested and leaves out Django's own Redis backend, whose atomic increments it works with.
# When the shared cache cannot be reached, a limited form refuses ("too many requests") rather
# than let a flood through: django-ratelimit fails closed unless RATELIMIT_FAIL_OPEN is set.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if DEBUG or SINGLE_PROCESS:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# --- Request sizes ---------------------------------------------------------------------------
# A form without files (the largest: a meeting with its rows) is far under 2 MB; files beyond
# 2.5 MB go to a temporary file rather than memory. Bodies over MAX_REQUEST_BYTES are refused
# before they are read (protocol_portal.middleware.RequestSizeLimitMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Forms -------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging: everything to stdout, for the process manager to collect --------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    # Replaces Django's own console and mail handlers, so nothing is logged twice.
    "loggers": {"django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False}},
}

# Spreadsheet import (django-import-export): rows are checked against the models' own rules,
# and empty lines of a spreadsheet are not rows.
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
