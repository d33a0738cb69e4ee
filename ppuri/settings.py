"""Ppuri settings: every knob comes from the environment (see docs/configuration.md and .env.example).

Development defaults are safe for a laptop. The process refuses to start with DEBUG off and the public
development SECRET_KEY; with PPURI_MODE=production it also refuses DEBUG on, a weak SECRET_KEY and an
empty ALLOWED_HOSTS.
"""

from pathlib import Path

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from ppuri.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PPURI_VAR_DIR", str(BASE_DIR / "var")))

PPURI_MODE = env_str("PPURI_MODE", "development")
if PPURI_MODE not in {"development", "production"}:
    raise ImproperlyConfigured(f"PPURI_MODE must be 'development' or 'production', not {PPURI_MODE!r}")
PRODUCTION = PPURI_MODE == "production"

_DEV_SECRET_KEY = "ppuri-development-only-not-a-secret"  # noqa: S105 - refused below unless DEBUG is on
SECRET_KEY = env_str("SECRET_KEY") or _DEV_SECRET_KEY  # an empty SECRET_KEY= line means "not set"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def _secret_key_weaknesses(key: str) -> list[str]:
    """What Django's deployment check (security.W009) would find wrong with the key, in its numbers."""
    weaknesses = []
    length, distinct = len(key), len(set(key))
    if length < SECRET_KEY_MIN_LENGTH:
        weaknesses.append(f"SECRET_KEY is {length} characters long, fewer than {SECRET_KEY_MIN_LENGTH}")
    if distinct < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        minimum = SECRET_KEY_MIN_UNIQUE_CHARACTERS
        weaknesses.append(f"SECRET_KEY has {distinct} distinct characters, fewer than {minimum}")
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        prefix = SECRET_KEY_INSECURE_PREFIX
        weaknesses.append(f"SECRET_KEY starts with {prefix!r}, the mark of a key Django made for development")
    return weaknesses


# The development key is in the source code: anyone could sign sessions and reset links with it, so
# only DEBUG (a laptop) may use it, whatever PPURI_MODE says.
_problems = []
if PRODUCTION and DEBUG:
    _problems.append("DEBUG must be off")
if SECRET_KEY == _DEV_SECRET_KEY:
    if PRODUCTION or not DEBUG:
        _problems.append("SECRET_KEY must be set: the built-in development key is public")
elif PRODUCTION:
    _problems.extend(_secret_key_weaknesses(SECRET_KEY))
if PRODUCTION and not ALLOWED_HOSTS:
    _problems.append("ALLOWED_HOSTS must list the host names Ppuri is served under")
if _problems:
    _how = ""
    if any(problem.startswith("SECRET_KEY") for problem in _problems):
        _how = ' Make a key with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    _mode = "in production mode" if PRODUCTION else "with DEBUG off"
    raise ImproperlyConfigured(f"Refusing to start {_mode}: " + "; ".join(_problems) + "." + _how)

INSTALLED_APPS = [
    # Django's admin with Ppuri's back-office site as the default: it refuses a session without a
    # verified second factor (ppuri/accounts/security/admin_site.py).
    "ppuri.accounts.security.admin_apps.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's own form templates, for the FORM_RENDERER below
    "ninja",
    "axes",
    # TOTP second factor and recovery codes (ppuri/accounts/security/, docs/security-sessions.md).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # ppuri.core before django_tasks_db: its `db_worker` (heartbeat, lock retries) replaces the package's.
    "ppuri.core",
    "django_tasks_db",
    "ppuri.reference",
    "ppuri.search",
    "ppuri.accounts",
    "ppuri.registry",
    "ppuri.sourcing",
    "ppuri.challenges",
    "ppuri.knowledge",
    "ppuri.talent",
    "ppuri.tenure",
    "ppuri.incentives",
    "ppuri.graduate",
    "ppuri.programs",
    "ppuri.dashboards",
    "ppuri.api",
    "ppuri.demo",
]

MIDDLEWARE = [
    # Before everything: every line logged while a request is served carries its id.
    "ppuri.core.request_id.RequestIdMiddleware",
    # First: they see every response below them, and the error-page reporter is set before anything
    # else can raise (core/middleware.py says why).
    "ppuri.core.middleware.PrivateResponsesMiddleware",
    "ppuri.core.middleware.PlainErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ppuri.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: django-otp marks the session's verified device, then Ppuri
    # ends expired sessions and keeps a session without its second factor to the MFA pages.
    "django_otp.middleware.OTPMiddleware",
    "ppuri.accounts.security.middleware.SessionPolicyMiddleware",
    "ppuri.accounts.security.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 response.
    "axes.middleware.AxesMiddleware",
    # Around the view alone, so everything above also runs on a kept page; it passes every request but
    # an anonymous GET through untouched (logins are POSTs), so django-axes still sees them all.
    "ppuri.core.page_cache.AnonymousPageCacheMiddleware",
]

# django-axes refuses logins after repeated failures (개인정보 안전성 확보조치 기준 §5⑥).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, also taking the e-mail address as the username (accounts.backends).
    "ppuri.accounts.backends.EmailOrUsernameBackend",
]
# Joining (accounts.joining): how long a sign-up's link stays valid, how long an unconfirmed sign-up is
# kept before `ppuri purge_unverified_signups` deletes it, and the limits on sign-up, verification
# resends and password resets per client address and per e-mail address in a window.
PPURI_EMAIL_VERIFICATION_HOURS = env_int("PPURI_EMAIL_VERIFICATION_HOURS", 48)
PPURI_UNVERIFIED_SIGNUP_DAYS = env_int("PPURI_UNVERIFIED_SIGNUP_DAYS", 7)
# Seekers' profiles, applications and invitations are destroyed this long after the seeker's last
# activity (talent.notice.PROFILE promises three years); `ppuri purge_seeker_data` runs daily.
PPURI_TALENT_RETENTION_DAYS = env_int("PPURI_TALENT_RETENTION_DAYS", 3 * 365)
PPURI_JOINING_WINDOW_MINUTES = env_int("PPURI_JOINING_WINDOW_MINUTES", 60)
PPURI_JOINING_LIMIT_PER_IP = env_int("PPURI_JOINING_LIMIT_PER_IP", 20)
PPURI_JOINING_LIMIT_PER_ADDRESS = env_int("PPURI_JOINING_LIMIT_PER_ADDRESS", 5)
# Django's password reset link: valid for a day rather than its default three.
PASSWORD_RESET_TIMEOUT = env_int("PPURI_PASSWORD_RESET_HOURS", 24) * 3600
# Notifications by e-mail (core.notifications): printed to the console unless SMTP is configured.
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_CONSOLE = "django.core.mail.backends.console.EmailBackend"
MAILERS = {
    "default": {
        "BACKEND": env_str("EMAIL_BACKEND", _SMTP if PRODUCTION else _CONSOLE),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if env_str("EMAIL_BACKEND", _SMTP if PRODUCTION else _CONSOLE) == _SMTP
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ppuri <noreply@localhost>")
# The address links in e-mails point to.
PPURI_BASE_URL = env_str("PPURI_BASE_URL", "http://127.0.0.1:8000")

# The API's rate limits (per IP for anonymous callers, per user with a token or session), counted in
# the cache; django-ninja answers 429 past them.
NINJA_DEFAULT_THROTTLE_RATES = {
    "anon": env_str("PPURI_API_ANON_RATE", "120/m"),
    "user": env_str("PPURI_API_USER_RATE", "1200/m"),
}
NINJA_NUM_PROXIES = env_int("PROXY_COUNT", 0)

# The limit-technology desk's service targets, in days from submission (the operator's policy).
PPURI_CHALLENGE_SLA_TRIAGE_DAYS = env_int("PPURI_CHALLENGE_SLA_TRIAGE_DAYS", 2)
PPURI_CHALLENGE_SLA_FIRST_CONTACT_DAYS = env_int("PPURI_CHALLENGE_SLA_FIRST_CONTACT_DAYS", 7)
PPURI_CHALLENGE_SLA_RESOLUTION_DAYS = env_int("PPURI_CHALLENGE_SLA_RESOLUTION_DAYS", 60)

# Sessions (ppuri.accounts.security.sessions): a session ends after this long without a request, shorter
# for the roles that must use a second factor, and in any case this long after sign-in.
PPURI_SESSION_IDLE_MINUTES_PRIVILEGED = env_int("PPURI_SESSION_IDLE_MINUTES_PRIVILEGED", 30)
PPURI_SESSION_IDLE_MINUTES = env_int("PPURI_SESSION_IDLE_MINUTES", 120)
PPURI_SESSION_ABSOLUTE_HOURS = env_int("PPURI_SESSION_ABSOLUTE_HOURS", 12)
for _name, _value in [
    ("PPURI_SESSION_IDLE_MINUTES_PRIVILEGED", PPURI_SESSION_IDLE_MINUTES_PRIVILEGED),
    ("PPURI_SESSION_IDLE_MINUTES", PPURI_SESSION_IDLE_MINUTES),
    ("PPURI_SESSION_ABSOLUTE_HOURS", PPURI_SESSION_ABSOLUTE_HOURS),
]:
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1, not {_value}")
# The cookie goes no longer than the session may live.
SESSION_COOKIE_AGE = PPURI_SESSION_ABSOLUTE_HOURS * 3600
# TOTP (django-otp): the name authenticator apps show, and the back-off after wrong codes (1, 2, 4, 8 …
# seconds times this factor, per device).
OTP_TOTP_ISSUER = env_str("PPURI_TOTP_ISSUER", "Ppuri")
OTP_TOTP_THROTTLE_FACTOR = env_int("PPURI_OTP_THROTTLE_FACTOR", 1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)

# How long the access record (접속기록, core.access) is kept: at least a year, two for processors of
# many people's data (개인정보의 안전성 확보조치 기준 제8조); `ppuri purge_access_records` deletes older.
PPURI_ACCESS_RECORD_RETENTION_DAYS = env_int("PPURI_ACCESS_RECORD_RETENTION_DAYS", 730)
if PPURI_ACCESS_RECORD_RETENTION_DAYS < 365:
    raise ImproperlyConfigured(
        "PPURI_ACCESS_RECORD_RETENTION_DAYS must be at least 365 (the access record is kept a year or more),"
        f" not {PPURI_ACCESS_RECORD_RETENTION_DAYS}"
    )

# A strict Content Security Policy on every response: our own scripts and styles only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Forms render through templates/django/forms/ (KRDS's form layout, errors next to their field).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "ppuri.urls"
WSGI_APPLICATION = "ppuri.wsgi.application"
ASGI_APPLICATION = "ppuri.asgi.application"

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
                "django.template.context_processors.i18n",
                "ppuri.registry.context_processors.demo_data",
                "ppuri.core.context_processors.notifications",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; production sets DATABASE_URL=postgres://…
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ppuri.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while an import writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("DATABASE_SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries throughout: JIT compilation costs more than it saves (35 ms on a search), and so
    # does starting parallel workers (about 10 ms on a sourcing match's relevance query), while other
    # requests want the same cores. A 64 kB GIN pending list: the search index's partitions take new
    # entries there (search migration 0008), and every search scans it until it is merged.
    DATABASES["default"]["OPTIONS"] = {
        "options": "-c jit=off -c max_parallel_workers_per_gather=0 -c gin_pending_list_limit=64kB"
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace"  # each role lands on its own workspace
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean first, English second. Source strings are Korean (docs/adr/0002-korean-source-strings.md).
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
WHITENOISE_USE_FINDERS = not PRODUCTION  # serve app static files without collectstatic in development
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# The cache carries import progress from the worker to the web processes, so it must be shared:
# Redis in production (REDIS_URL), files under var/ on one machine.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

# Anonymous visitors' pages are kept in that cache until the data changes, this long at most
# (ppuri.core.page_cache; 0 turns it off).
PPURI_PAGE_CACHE_SECONDS = env_int("PPURI_PAGE_CACHE_SECONDS", 60)

# Background work (imports) goes through Django's task framework into a database queue that
# `ppuri db_worker` processes; `ppuri demo` starts one worker beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PPURI_IMPORT_MAX_MB = env_int("PPURI_IMPORT_MAX_MB", 200)
# A worker that has not beaten for this long is gone: its running tasks and imports are failed
# (ppuri.core.worker). It beats every sixth of it, into the cache.
PPURI_WORKER_LEASE_SECONDS = env_int("PPURI_WORKER_LEASE_SECONDS", 30)
if PPURI_WORKER_LEASE_SECONDS < 2:
    raise ImproperlyConfigured(
        f"PPURI_WORKER_LEASE_SECONDS must be at least 2 (seconds), not {PPURI_WORKER_LEASE_SECONDS}"
    )
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS only in production (what `ppuri check --deploy` asks for); plain http on a laptop, in the tests
# and in the browser tests' live server.
if env_bool("SECURE_PROXY_SSL_HEADER", PRODUCTION):
    # The proxy in front says whether the visitor came over HTTPS; it must overwrite the header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)

# Every line carries the request's id (ppuri.core.request_id); LOG_FORMAT=json (the default in
# production) writes one JSON object per line for the log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ppuri.core.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "ppuri.core.request_id.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF report at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Ppuri's own knobs.
PPURI_DIRECTORY_PAGE_SIZE = env_int("PPURI_DIRECTORY_PAGE_SIZE", 25)
PPURI_API_PAGE_SIZE_MAX = env_int("PPURI_API_PAGE_SIZE_MAX", 100)
PPURI_DEMO_SEED = env_int("PPURI_DEMO_SEED", 20261125)
# Invitations (registry.invitations): how long a mailed link stays valid, and how many one person may
# send in an hour (a compromised admin account cannot mail the whole address book).
# The graduate school (docs/graduate.md): a new cohort's target (the 2019 agreement: ~50 a year), how
# many theses an advisor supervises at once, and how long a student's record is kept after they leave.
PPURI_GRADUATE_COHORT_TARGET = env_int("PPURI_GRADUATE_COHORT_TARGET", 50)
PPURI_GRADUATE_ADVISEES_MAX = env_int("PPURI_GRADUATE_ADVISEES_MAX", 6)
PPURI_GRADUATE_RETENTION_DAYS = env_int("PPURI_GRADUATE_RETENTION_DAYS", 5 * 365)
PPURI_INVITATION_DAYS = env_int("PPURI_INVITATION_DAYS", 7)
# Dashboard reports made by the task worker are kept for their reader this long, then deleted.
PPURI_REPORT_JOB_HOURS = env_int("PPURI_REPORT_JOB_HOURS", 24)
PPURI_INVITATIONS_PER_HOUR = env_int("PPURI_INVITATIONS_PER_HOUR", 20)
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Threads Kiwi uses for batch analysis when indexing (-1: one per core).
PPURI_SEARCH_ANALYZER_WORKERS = env_int("PPURI_SEARCH_ANALYZER_WORKERS", 2)
