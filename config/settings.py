"""Settings for Evidence Diary: one module, driven by environment variables.

The embedded defaults run the app on one machine (SQLite and files under var/). Setting
DJANGO_ENV=production switches on the strict checks: the process refuses to start rather than
run with an unsafe value.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _local_secret_key() -> str:
    """Read, or create once, a secret key file under var/ for a single-machine run."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or ("" if PRODUCTION else _local_secret_key())


def _local_encryption_keyset() -> str:
    """Read, or create once, the key-encryption keyset under var/ for a single-machine run."""
    from config.encryption import new_kek_json

    keyset_file = VAR_DIR / "encryption_keyset.json"
    if not keyset_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        keyset_file.touch(mode=0o600)
        keyset_file.write_text(new_kek_json())
    return keyset_file.read_text()


def _encryption_keyset() -> str:
    """The key-encryption keyset: ENCRYPTION_KEYSET, or the file ENCRYPTION_KEYSET_FILE names."""
    keyset = env.str("ENCRYPTION_KEYSET", default="")
    keyset_file = env.str("ENCRYPTION_KEYSET_FILE", default="")
    if not keyset and keyset_file:
        try:
            keyset = Path(keyset_file).read_text()
        except OSError as error:
            raise ImproperlyConfigured(
                f"ENCRYPTION_KEYSET_FILE names a file that cannot be read ({error.strerror})."
            ) from None
    if keyset:
        import tink

        from config.encryption import kek_from_json

        try:
            kek_from_json(keyset)
        except (tink.TinkError, ValueError):
            raise ImproperlyConfigured(
                "The key-encryption keyset (ENCRYPTION_KEYSET or ENCRYPTION_KEYSET_FILE) is not "
                "a Tink AEAD keyset in JSON. Nothing can be read or written without it."
            ) from None
        return keyset
    if PRODUCTION:
        raise ImproperlyConfigured(
            "ENCRYPTION_KEYSET or ENCRYPTION_KEYSET_FILE must be set in production: every diary "
            "is encrypted with it. Make one with `manage.py make_keyset` and keep it apart from "
            "the database and the files."
        )
    return _local_encryption_keyset()


def _local_signing_key() -> str:
    """Read, or create once, the pack signing key under var/ for a single-machine run."""
    from config.signing import new_private_key_pem

    key_file = VAR_DIR / "pack_signing_key.pem"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(new_private_key_pem())
    return key_file.read_text()


def _signing_key() -> str:
    """The Ed25519 key that signs every pack's manifest: PACK_SIGNING_KEY (PEM), or the file
    PACK_SIGNING_KEY_FILE names."""
    key = env.str("PACK_SIGNING_KEY", default="")
    key_file = env.str("PACK_SIGNING_KEY_FILE", default="")
    if not key and key_file:
        try:
            key = Path(key_file).read_text()
        except OSError as error:
            raise ImproperlyConfigured(
                f"PACK_SIGNING_KEY_FILE names a file that cannot be read ({error.strerror})."
            ) from None
    if key:
        from config.signing import private_key_from_pem

        try:
            private_key_from_pem(key)
        except ValueError:
            raise ImproperlyConfigured(
                "The pack signing key (PACK_SIGNING_KEY or PACK_SIGNING_KEY_FILE) is not an "
                "unencrypted Ed25519 private key in PEM. Make one with "
                "`manage.py make_signing_key`."
            ) from None
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "PACK_SIGNING_KEY or PACK_SIGNING_KEY_FILE must be set in production: every pack's "
            "manifest is signed with it. Make one with `manage.py make_signing_key`."
        )
    return _local_signing_key()


ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"]
)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be a random value of at least 50 characters in production."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must name the host(s) the site is served on."
        )

# The operators' admin (counts and dates only) is mounted only where a deployment asks for it.
ADMIN_ENABLED = env.bool("ADMIN_ENABLED", default=False)

# Free text and files are sealed with each user's own keys, wrapped by this keyset. Turning
# encryption off (never in production) exists to prove, side by side, what it protects.
ENCRYPTION_KEYSET = _encryption_keyset()
ENCRYPTION_ENABLED = env.bool("ENCRYPTION_ENABLED", default=True)
if PRODUCTION and not ENCRYPTION_ENABLED:
    raise ImproperlyConfigured("ENCRYPTION_ENABLED cannot be turned off in production.")

# Signs every pack's manifest.json. Bringing in a new key is safe: the register of issued packs
# keeps each public key it has used, so packs signed with an old key still check.
PACK_SIGNING_KEY = _signing_key()

# What the service calls itself in page titles, the header and emails. Kept neutral on purpose:
# someone glancing at a screen, a browser history or an inbox should learn nothing from it.
SERVICE_NAME = env.str("SERVICE_NAME", default="Notes")
# Where "Exit this page" sends people: an ordinary, busy public site.
EXIT_URL = env.str("EXIT_URL", default="https://www.bbc.co.uk/weather")

INSTALLED_APPS = [
    "config.apps.OperatorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "diary",
    "evidence",
    "evidence.handover",
    "advice",
    "check",
    "operations",
]

MIDDLEWARE = [
    # First, so its line times the whole request and sees the final status.
    "operations.logs.request_lines",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.permissions_policy",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.session_timeout",
    "accounts.middleware.known_browser",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.private_pages_not_stored",
    "config.middleware.UnreadablePage",
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
                "config.context_processors.service",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", 60 if PRODUCTION else 0)
# A kept connection is checked before each request reuses it, so after a database restart the
# next request reconnects instead of failing (operations: the PostgreSQL restart drill).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache is shared by every web process, so sign-in rate limits hold across them.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://django_cache")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- django-allauth -------------------------------------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.SignInForm", "signup": "accounts.forms.SignUpForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_NOTIFICATIONS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# Changing the email address asks for the password again (two-step changes already do).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Failed sign-ins never lock an account: accounts/signin_limits.py adds a growing delay per
# address typed, which a browser that signed in before skips. allauth's own limit is kept only per
# network address, sized for a refuge's or a library's shared connection.
ACCOUNT_RATE_LIMITS = {"login_failed": "60/10m/ip"}
# Our words for a wrong code, and an authenticator entry named "Notes", not the email address.
MFA_ADAPTER = "accounts.adapter.MFAAdapter"


# Public pages (the /check/ page and the links shared with an officer), limited per address the
# same way; a wrong access code also counts against the link itself (five and it locks).
PUBLIC_RATE_LIMITS = {
    "check": "60/10m/ip",
    "shared_link": "120/10m/ip",
    "shared_code": "20/10m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME
USERSESSIONS_TRACK_ACTIVITY = False

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Email: neutral sender, nothing in the subject that says what the service is ------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://" if PRODUCTION else "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SERVICE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if PRODUCTION and not env.str("EMAIL_URL", default=""):
    raise ImproperlyConfigured("EMAIL_URL must be set in production: sign-up needs email codes.")

# --- Sessions: end with the browser, 15 minutes idle, 4 hours at most ----------------------------
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=15))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=4)
SESSION_TIMEOUT_WARNING = timedelta(minutes=2)
# The server-side row outlives the idle limit so our middleware can still tell whose session
# timed out (and keep what they were typing); the middleware enforces the real limits.
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"
# A random value that lets a browser which signed in before skip that account's sign-in delay.
KNOWN_BROWSER_COOKIE_NAME = "__Host-browser" if PRODUCTION else "browser"
# Messages can name a file; keep them on the server rather than in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Text typed when a session ran out is kept on the server for this long, then deleted.
KEPT_TEXT_LIFETIME = timedelta(hours=1)

# --- Security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin", not "no-referrer": under no-referrer browsers send "Origin: null" with every form
# post, which Django's CSRF protection rightly refuses. Other sites still never see a referrer.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for this exact host and path "/".
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Files: local folder by default, S3 when a bucket is named --------------------------------
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID"),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
            "region_name": env.str("S3_REGION", default="us-east-1"),
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# GOV.UK Frontend's compiled CSS points at its own images (/static/govuk/assets/...); without them
# production's collectstatic refuses the CSS (found by `make prod-like`).
_GOVUK_ASSETS = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets"
if _GOVUK_ASSETS.is_dir():
    STATICFILES_DIRS.append(("govuk/assets", _GOVUK_ASSETS))
# Outside production WhiteNoise serves straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Every upload streams to a temporary file and is hashed on the way in (evidence/uploads.py);
# nothing is held in memory, and a file over the limit is dropped while it streams.
FILE_UPLOAD_HANDLERS = ["evidence.uploads.HashingUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 100  # our own, friendlier limit is below
EVIDENCE_MAX_FILE_BYTES = env.int("EVIDENCE_MAX_FILE_MB", default=100) * 1024 * 1024
EVIDENCE_MAX_FILES_PER_UPLOAD = 20
EVIDENCE_QUOTA_BYTES = env.int("EVIDENCE_QUOTA_MB", default=2048) * 1024 * 1024

# --- Background work --------------------------------------------------------------------------
TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Operations: logs, proxy, health, stale jobs (deploy/ and the README's "Deploying") -------
# One JSON line per request and per task (operations/logs.py): ids, paths, statuses and timings,
# never form contents, file names or diary text; exception messages are left out too.
LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "operations.logs.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own 4xx/5xx lines name only the path, and our paths carry no personal data.
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "evidence.requests": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "evidence.tasks": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # django-tasks writes its own lines per task; ours replace them (one line per task).
        "django_tasks": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
# Behind nginx: how many proxies put their address in X-Forwarded-For. allauth's per-address
# limits read the client's address from it; with 0 every user would look like the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# /healthz fails when no task worker has written its heartbeat row for this long.
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=15)
HEALTH_WORKER_SILENT_SECONDS = env.int("HEALTH_WORKER_SILENT_SECONDS", default=180)
# A running job (pack, preview, export) silent this long died with its worker; a queued one no
# worker took up is given up after the second. Fault drills shorten both.
STALE_JOB_SILENT_SECONDS = env.int("STALE_JOB_SILENT_SECONDS", default=5 * 60)
STALE_JOB_NEVER_STARTED_SECONDS = env.int("STALE_JOB_NEVER_STARTED_SECONDS", default=30 * 60)
# A stored file no row points at (its worker died between the two) is deleted after this.
ORPHAN_FILES_AFTER_SECONDS = env.int("ORPHAN_FILES_AFTER_SECONDS", default=60 * 60)
