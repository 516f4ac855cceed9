"""Settings for the newsroom, read from the environment (and `.env` when present).

Every variable is documented in `.env.example`. Defaults are safe for a local
site; production values come from the environment only.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsroom.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# An empty variable is unset; a malformed one stops start-up, named (env.py).
env = Env()
# The real environment wins over the file.
Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Off only for the local demo served over plain http by `make run`.
HTTPS = env.bool("HTTPS", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (see .env.example).")
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Search fields and lookups; inert on SQLite.
    "django.contrib.postgres",
    "django_prose_editor",
    "reversion",
    # The background tasks' queue (newsroom/tasks.py); before "newsroom",
    # whose admin replaces its own.
    "django_tasks_db",
    # Login throttling and two-step sign-in for staff (newsroom/accounts.py);
    # before "newsroom", whose admin hides django-otp's device list.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "newsroom",
    "articles",
    "comments",
    "live",
]

MIDDLEWARE = [
    # One JSON line per request, timed around everything else (LOG_FORMAT=json).
    "newsroom.logs.RequestLogMiddleware",
    # /healthz for load balancers: before the host check and the https redirect.
    "newsroom.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: pages from the cache get the header too.
    "newsroom.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags, and 304s for pages from the cache and rendered alike.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above the rest: a page from the cache skips them, and keeps the headers
    # they gave it when it was rendered.
    "newsroom.pagecache.PageCacheMiddleware",
    # Compressed once per render, inside the page cache: a page from the cache
    # is sent as stored (the cache keeps one copy per encoding), and a phone
    # downloads a quarter of the HTML. Reader pages hold no secret to guess at
    # (BREACH); the admin's CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    # A database that does not answer: a 503 with Retry-After, not a 500.
    "newsroom.outage.DatabaseOutageMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: one language (LANGUAGE_CODE) for every reader, so no
    # page varies on Accept-Language.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsroom.accounts.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the header middlewares: the Arabic 405 page gets their headers.
    "newsroom.errors.ErrorPageMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    # The reader pages: Jinja2 renders them several times faster (newsroom/jinja.py).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.jinja.environment",
            "context_processors": ["newsroom.context_processors.site"],
        },
    },
    # The admin, the sitemaps and robots.txt.
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
                "newsroom.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several readers at once must not fail with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    VAR_DIR.mkdir(exist_ok=True)

REDIS_URL = env.url_str("REDIS_URL", default="", schemes={"redis", "rediss", "unix"})
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Sites (or a site and its staging copy) sharing one Redis each
            # set their own.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="newsroom"),
            # A Redis that stops answering must cost a reader a second at most:
            # every use of the cache falls back to the database.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Shared by every process of this machine: gunicorn's workers must see the
    # same page cache, invalidation and comment limits (local memory is one
    # process's own).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.path("CACHE_DIR", default=VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Signing in (newsroom/accounts.py). django-axes refuses a login once a user
# name, or an address, has failed LOGIN_FAILURE_LIMIT times, until
# LOGIN_COOLOFF_MINUTES have passed without a new failure; counted in the
# database, so every app server sees the same count.
AUTHENTICATION_BACKENDS = [
    "newsroom.accounts.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured(
        "LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be 1 or more."
    )
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
# Two separate counts: per user name (many addresses, one name) and per address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "newsroom.accounts.login_username"
AXES_CLIENT_IP_CALLABLE = "newsroom.accounts.login_client_ip"
AXES_LOCKOUT_CALLABLE = "newsroom.accounts.lockout_response"
# A success does not wipe the address's count: signing in to one's own account
# between guesses at another's would reset it.
AXES_RESET_ON_SUCCESS = False
# Attempts are not shown in the admin, and successes not logged; a lockout ends
# by itself, or at once with `manage.py axes_reset_username NAME`.
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Two-step sign-in is each staff member's choice; with this, superusers must
# set it up before they can use the admin.
OTP_REQUIRED_FOR_SUPERUSERS = env.bool("OTP_REQUIRED_FOR_SUPERUSERS", default=False)
LOGIN_URL = "admin:login"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Arabic, the Moroccan way: our format module and catalogue override Django's
# stock `ar` (Egyptian month names, US-style date-times).
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# runserver does not serve uploads when DEBUG is off; the local demo asks for it.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    # Django's file storage, which leaves no partial file when the disk fails.
    "default": {"BACKEND": "newsroom.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads on S3-compatible object storage (MEDIA_STORAGE=s3), shared by every
# app server, instead of this machine's MEDIA_ROOT. Photos and renditions are
# public: plain URLs (no signature, so a page is the same bytes for every
# reader), cached a week as nginx serves local media (a deleted photo's name
# can be given to a new one).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local", choices=["local", "s3"])
if MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Unset: boto3 finds the keys itself (an instance role, ~/.aws).
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
    AWS_S3_ENDPOINT_URL = env.url_str(
        "AWS_S3_ENDPOINT_URL", default="", schemes={"http", "https"}
    )
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    AWS_S3_ADDRESSING_STYLE = env.str("AWS_S3_ADDRESSING_STYLE", default="") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": AWS_ACCESS_KEY_ID,
            "secret_key": AWS_SECRET_ACCESS_KEY,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": AWS_S3_REGION_NAME,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "addressing_style": AWS_S3_ADDRESSING_STYLE,
            "querystring_auth": False,
            "file_overwrite": False,
            # The bucket's policy makes objects public, not a per-object ACL.
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
    # Where the photos are read from: the allow-list of images in an
    # article's body accepts this address (articles/richtext.py).
    if AWS_S3_CUSTOM_DOMAIN:
        _media_url = f"https://{AWS_S3_CUSTOM_DOMAIN}/"
    elif AWS_S3_ENDPOINT_URL:
        _media_url = f"{AWS_S3_ENDPOINT_URL.rstrip('/')}/{AWS_STORAGE_BUCKET_NAME}/"
    else:
        _media_url = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com/"
    MEDIA_URL = env.url_str("MEDIA_URL", default=_media_url, schemes={"http", "https"})

# Uploaded images: refused past these limits (a camera's photo is 5 to 25
# million pixels), then served as WebP at these widths and as a social card.
IMAGES_MAX_UPLOAD_BYTES = env.int("IMAGES_MAX_UPLOAD_BYTES", default=15 * 1024 * 1024)
IMAGES_MAX_PIXELS = env.int("IMAGES_MAX_PIXELS", default=40_000_000)
IMAGE_WIDTHS = env.list("IMAGE_WIDTHS", cast=int, default=[480, 800, 1200, 1600])
IMAGE_SOCIAL_SIZE = (1200, 630)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail: printed on the console until an SMTP host is configured.
# (A lower-case name: Django 6.1 refuses the old EMAIL_* settings beside MAILERS.)
email_host = env.str("EMAIL_HOST", default="")
if email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host,
                "port": env.int("EMAIL_PORT", default=587),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = env.list("ADMINS", default=[])

SITE_NAME = env.str("SITE_NAME", default="أخبار الجهة")
# The name authenticator apps show beside a staff member's code.
OTP_TOTP_ISSUER = SITE_NAME
# The site's address, for links in e-mail (no trailing slash).
SITE_URL = env.url_str(
    "SITE_URL", default="http://127.0.0.1:8000", schemes={"http", "https"}
).rstrip("/")

# Security. Behind TLS in production; `HTTPS=false` only for local http.
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Joining browsers' preload list is the domain owner's lasting decision.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Our error pages, Arabic, for a form sent without its CSRF token.
CSRF_FAILURE_VIEW = "newsroom.errors.csrf_failure"
# The video players an article may show, once its reader clicks (articles/
# video.py): the only frames a page may hold, and the only origins autoplay
# and full screen are delegated to.
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://www.facebook.com"]
# Browser features no page of ours uses, off for every page and any frame
# (newsroom/security.py): an injected script cannot ask for them either.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
} | {
    # A frame gets a feature only if the page itself has it: hence "self".
    feature: ["self", *VIDEO_PLAYER_ORIGINS]
    for feature in ("autoplay", "fullscreen")
}
SESSION_COOKIE_HTTPONLY = True
# Nothing of ours is loaded from a third party: no font service, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "frame-src": VIDEO_PLAYER_ORIGINS,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Links in comments without a scheme ("www.example.ma") are made https.
URLIZE_ASSUME_HTTPS = True

# A reader's visit: an article read again within this time is not counted again.
VIEW_COUNT_WINDOW = env.int("VIEW_COUNT_WINDOW", default=30 * 60)
# With Redis, views are counted there and added to the database at most this
# often, in one batch (articles/viewcounts.py); without it, each at once.
VIEW_COUNT_FLUSH_SECONDS = env.int("VIEW_COUNT_FLUSH_SECONDS", default=10)
ARTICLES_PER_PAGE = env.int("ARTICLES_PER_PAGE", default=10)
# The site's own page cache (newsroom.pagecache): exact invalidation, so a
# page is served from it until its content changes, or PAGE_CACHE_MAX_AGE has
# passed (for what changes with no edit: "most read" lists).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=10 * 60)
# Parts of pages kept under the same version (newsroom/fragments.py): what a
# page rendered afresh reuses (the article and its people, related articles,
# the most-read lists, the sections menu).
FRAGMENT_CACHE = env.bool("FRAGMENT_CACHE", default=True)
# How long a shared cache in front of the site (a proxy, a CDN) may keep a
# reader page, and serve it stale while it refreshes it or while the site fails.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
PAGE_STALE_WHILE_REVALIDATE = env.int("PAGE_STALE_WHILE_REVALIDATE", default=60)
PAGE_STALE_IF_ERROR = env.int("PAGE_STALE_IF_ERROR", default=86400)
# The Hijri date (Umm al-Qura) beside the dateline of articles, shifted by
# the day offset editors set in the admin (Hijri calendar).
HIJRI_DATES = env.bool("HIJRI_DATES", default=False)

# How often a live page's readers ask for new updates (live/views.py); a shared
# cache keeps the answer a third of that.
LIVE_POLL_SECONDS = env.int("LIVE_POLL_SECONDS", default=30)

# `manage.py backup` (newsroom/backups.py): where it writes, and how many of
# its backups it keeps there.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)

# Background work (mail to moderators, view counts): stored in the database and
# run by `manage.py run_tasks`, a process of its own (newsroom/tasks.py), so a
# reader's request never waits for it and a restart loses none of it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A failed task is tried again after this many seconds, then twice that, and so
# on, this many times in all; then it stays failed, in the admin.
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=5)
TASKS_RETRY_SECONDS = env.int("TASKS_RETRY_SECONDS", default=30)

# Comments. Every comment waits for a moderator unless said otherwise here.
COMMENTS_MAX_DEPTH = env.int("COMMENTS_MAX_DEPTH", default=5)
# Held for moderation from this many links on (bare or disguised).
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
# Words compared after Arabic normalisation (comma-separated).
COMMENTS_MODERATION_WORDS = env.list("COMMENTS_MODERATION_WORDS", default=[])
COMMENTS_BLOCK_WORDS = env.list("COMMENTS_BLOCK_WORDS", default=[])
# A form posted sooner than this after it was served is a robot's.
COMMENTS_MIN_FORM_SECONDS = env.int("COMMENTS_MIN_FORM_SECONDS", default=3)
COMMENTS_MAX_FORM_SECONDS = env.int("COMMENTS_MAX_FORM_SECONDS", default=2 * 86400)
# The stamp in a cached page is every reader's: accepted this long only (a
# page's life in the caches and time to write); the reader's own stamp, fetched
# by the page's script, lasts COMMENTS_MAX_FORM_SECONDS (comments/stamps.py).
COMMENTS_SHARED_STAMP_SECONDS = env.int(
    "COMMENTS_SHARED_STAMP_SECONDS",
    default=PAGE_CACHE_MAX_AGE + PAGE_CACHE_SECONDS + 30 * 60,
)
# Comments stored with one stamp at most.
COMMENTS_STAMP_USES = env.int("COMMENTS_STAMP_USES", default=3)
COMMENTS_FLOOD_SECONDS = env.int("COMMENTS_FLOOD_SECONDS", default=15)
# Close comments on articles older than this many days (0: never).
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=0)
# Names no reader may comment under (comma-separated), compared as they look
# (comments/lookalikes.py); the site's name and staff names are refused too.
COMMENTS_RESERVED_NAMES = env.list(
    "COMMENTS_RESERVED_NAMES",
    default=["الإدارة", "الإدارة العامة", "المحرر", "هيئة التحرير"],
)
# Approve at once a commenter who confirmed their address by mail, in this
# browser, and already had a comment approved.
COMMENTS_TRUST_CONFIRMED = env.bool("COMMENTS_TRUST_CONFIRMED", default=False)
# How many proxies in front of the site append to X-Forwarded-For (0: none,
# the connecting address is the reader's).
COMMENTS_TRUSTED_PROXIES = env.int("COMMENTS_TRUSTED_PROXIES", default=0)
# IP addresses and user agents are cleared after this many days.
COMMENTS_RETENTION_DAYS = env.int("COMMENTS_RETENTION_DAYS", default=60)
# Erasing a commenter's data deletes their comments' text too (else kept, unsigned).
COMMENTS_ERASE_TEXT = env.bool("COMMENTS_ERASE_TEXT", default=False)
# How long the author's link to their own pending comment works.
COMMENTS_PENDING_SECONDS = env.int("COMMENTS_PENDING_SECONDS", default=7 * 86400)
# Who is told of new comments (comma-separated); by default every active staff
# member who may moderate comments and has an address.
COMMENTS_NOTIFY = env.list("COMMENTS_NOTIFY", default=[])
# They get one mail at most this often, listing every comment that came in for
# moderation since the last one.
COMMENTS_DIGEST_SECONDS = env.int("COMMENTS_DIGEST_SECONDS", default=300)

# `json`: every log record, and one per request, as a JSON line (newsroom/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text", choices=["text", "json"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "newsroom.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    # The request lines LOG_FORMAT=json asks for, whatever LOG_LEVEL says.
    "loggers": {"newsroom.requests": {"level": "INFO"}},
    "root": {
        "handlers": ["console"],
        "level": env.str(
            "LOG_LEVEL",
            default="INFO",
            choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
        ),
    },
}

# Errors to Sentry, with no reader's e-mail or IP address (newsroom/sentry.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from newsroom.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
