"""Settings of the Cré-sol portal, read from environment variables.

Every variable is listed with a comment in `.env.example`. Defaults are safe for development; with
DJANGO_DEBUG off, a missing or weak secret stops the start instead of running insecurely.
"""

import importlib.util
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from cresol.health.jobs import record_outcome

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """The variable's value; an empty value counts as unset (docker-compose passes empty strings)."""
    return (os.environ.get(name) or default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():  # docker-compose passes an unset variable as ""
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

_DEV_SECRET = "django-insecure-development-only-never-use-in-production"  # noqa: S105 - DEBUG only
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = _DEV_SECRET
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak for production: use 50 random characters or more.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The URL prefix of the admin, so that a deployment can move it away from the well-known path.
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    # Third-party
    "allauth",
    "allauth.account",
    "django_filters",
    "leaflet",
    "taggit",
    "procrastinate.contrib.django",
    "ninja",  # its Swagger UI files, served by the portal (/api/v1/docs/)
    # Shared pieces of the portal
    "cresol.core",
    "cresol.accounts",
    "cresol.territories",
    "cresol.themes",
    "cresol.moderation",
    "cresol.health",
    "cresol.search",
    "cresol.outbox",
    "cresol.observatory",
    "cresol.people",
    "cresol.alerts",
    "cresol.api",
    # The sections
    "initiatives",
    "initiatives.radar",
    "initiatives.cooperations",
    "agenda",
    "agenda.registrations",
    "blog",
    "blog.library",
    "veille",
    # Last: the letter gathers the sections (its demo letter is composed from their demo content).
    "cresol.letter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The API's CORS and ETags, on its cached answers too.
    "cresol.api.middleware.ApiMiddleware",
    # Before sessions and authentication: a cached page for an anonymous visitor skips them all.
    "cresol.core.pagecache.AnonymousPageCacheMiddleware",
    # What the API builds (not what it serves from the cache) is limited per address.
    "cresol.api.middleware.ApiRateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication and messages: a member's page from the shared body, their parts filled in.
    "cresol.core.memberpages.MemberPageCacheMiddleware",
    "cresol.core.middleware.RejectNullCharactersMiddleware",
]

ROOT_URLCONF = "cresol.urls"
# Widgets render through the project's templates too, so templates/leaflet/ can replace
# django-leaflet's own (which carry inline scripts).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "cresol.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cresol.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# `make run` / `make test` fill DATABASE_URL (see scripts/database.sh); the default is the local
# PostgreSQL that Debian and CI machines run.
DATABASE_URL = env_str("DATABASE_URL", "postgis://postgres@127.0.0.1:5432/cresol")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] != "django.contrib.gis.db.backends.postgis":
    raise ImproperlyConfigured("DATABASE_URL must use the postgis:// scheme: the portal needs PostGIS.")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's JIT compiles a query whose estimated cost is high, which takes hundreds of
# milliseconds: more than the portal's queries take to run (a map tile of 20,000 initiatives: 10 ms
# without, 420 ms with). Off for the portal's connections.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two caches, shared by every app server, hence in the database rather than in memory:
# - "default" holds rate-limit counters and the login lock (ours and allauth's): an entry stays until it
#   expires, whatever the traffic (cresol/core/cache_backends.py);
# - "pages" holds anonymous visitors' pages and what is derived from content: an address with a new query
#   string is a new page, so it is culled past PAGE_CACHE_MAX_ENTRIES — never touching the counters.
# REDIS_URL (redis://host:6379/0) moves both to Redis, faster under load, with nothing else to change (keep
# Redis's default maxmemory-policy, noeviction, or volatile-ttl: an evicting policy could drop counters).
REDIS_URL = env_str("REDIS_URL")
PAGE_CACHE_MAX_ENTRIES = env_int("PAGE_CACHE_MAX_ENTRIES", 1000)
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cresol",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cresol-pages",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "cresol.core.cache_backends.CounterCache",
            "LOCATION": "cresol_cache",
            # Past this, each write first removes the expired counters (never a live one).
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "pages": {
            "BACKEND": "cresol.core.cache_backends.PageCache",
            "LOCATION": "cresol_page_cache",
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
        },
    }

# Sessions live in the database too, so app servers stay stateless behind a load balancer.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:member_space"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The public name and the charter, asked at sign-up (cresol/accounts/forms.py).
ACCOUNT_SIGNUP_FORM_CLASS = "cresol.accounts.forms.SignupForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cré-sol] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "cresol.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "cresol.accounts.models.display_name_of"
# allauth rate-limits sign-up, login, password reset and e-mail confirmation through the cache above.
# Its sign-up default, 20 a minute per address, let 30 accounts a few minutes apart through (28,800 a
# day): a training session may sign up together from one network, a robot may not.
ACCOUNT_RATE_LIMITS = {"signup": "10/h/ip,25/d/ip"}

# --- Internationalisation ---------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Uploads nobody but their contributor and the moderators may read until published (the library's
# files): outside MEDIA_ROOT, which the proxy serves to anyone; served by the library's view, which checks.
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT") or BASE_DIR / "var" / "private")
PRIVATE_FILES_URL = "/ressources/fichiers/"
if PRIVATE_FILES_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("PRIVATE_FILES_ROOT must lie outside MEDIA_ROOT: the proxy serves MEDIA_ROOT to anyone.")


# Uploaded images go through Django's storage API only: a folder by default, or, for several web
# machines, an S3-compatible store (MinIO, Garage, Scaleway, OVH, AWS…) with MEDIA_STORAGE=s3.
def _s3_connection() -> dict:
    return {
        "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": env_str("MEDIA_S3_REGION") or None,
        "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
        # https://endpoint/bucket/key: what every S3-compatible server understands.
        "addressing_style": env_str("MEDIA_S3_ADDRESSING_STYLE", "path"),
        "file_overwrite": False,
    }


def s3_private_storage() -> dict:
    """The private bucket (MEDIA_S3_PRIVATE_BUCKET): no public policy, files read by the portal only."""
    if not env_str("MEDIA_S3_PRIVATE_BUCKET"):
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs MEDIA_S3_PRIVATE_BUCKET too: a bucket without public access, for the files "
            "of resources not published yet."
        )
    return {
        "BACKEND": "cresol.core.s3_storage.PrivateS3Storage",
        "OPTIONS": {
            **_s3_connection(),
            "bucket_name": env_str("MEDIA_S3_PRIVATE_BUCKET"),
            "served_at": PRIVATE_FILES_URL,
            "default_acl": "private",
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }


def s3_media_storage() -> dict:
    """The S3 storage of uploads, from the MEDIA_S3_* and AWS_* variables (see .env.example)."""
    if not env_str("MEDIA_S3_BUCKET"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET (and the AWS_* keys of the store).")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_connection(),
            "bucket_name": env_str("MEDIA_S3_BUCKET"),
            # Public images with plain, stable URLs (no expiring signature), served by the store or
            # by the domain in front of it.
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }


MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "local":
    _MEDIA = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _PRIVATE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_FILES_ROOT, "base_url": PRIVATE_FILES_URL},
    }
elif MEDIA_STORAGE == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs the S3 client, installed apart: build the image with WITH_S3=1 "
            "(docker compose build --build-arg WITH_S3=1), or `uv sync --group s3` outside Docker."
        )
    _MEDIA, _PRIVATE = s3_media_storage(), s3_private_storage()
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": _MEDIA,
    "private": _PRIVATE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- E-mail -----------------------------------------------------------------------------------------
# Every message goes through the outbox (cresol/outbox/): the "default" mailer stores it and queues a
# task, and the worker sends it through the "delivery" mailer, so that no request waits for the mail
# server. Delivery is SMTP when EMAIL_HOST is set (always in production); in development without one,
# messages are written as files under var/mail/ so that a person can open the confirmation link.
if env_str("EMAIL_HOST") or not DEBUG:
    _DELIVERY = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": env_int("EMAIL_TIMEOUT", 10),
        },
    }
else:
    _DELIVERY = {
        "BACKEND": "cresol.outbox.backends.ReadableFileBackend",
        "OPTIONS": {"file_path": BASE_DIR / "var" / "mail"},
    }
MAILERS = {"default": {"BACKEND": "cresol.outbox.backends.QueuedEmailBackend"}, "delivery": _DELIVERY}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cré-sol <ne-pas-repondre@cresol.localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in env_list("DJANGO_ADMINS", [])]

# --- Security ---------------------------------------------------------------------------------------
# A strict policy: scripts, styles, images and fonts come from this site only, never inline.
# Map tiles are the one outside source. In production the background is IGN's Plan IGN through the
# Géoplateforme (a French public service, open licence, no key); LEAFLET_TILES_URL=none turns it off,
# another URL replaces it. In development and tests (no internet) there are none by default: the maps
# draw the départements' and communes' outlines the portal serves itself.
PLAN_IGN_URL = (
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
    "&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
)
PLAN_IGN_ATTRIBUTION = '<a href="https://www.ign.fr/">IGN</a> – Plan IGN (Licence Ouverte)'
LEAFLET_TILES_URL = env_str("LEAFLET_TILES_URL", "" if DEBUG else PLAN_IGN_URL)
if LEAFLET_TILES_URL.lower() == "none":
    LEAFLET_TILES_URL = ""
LEAFLET_TILES_ATTRIBUTION = env_str(
    "LEAFLET_TILES_ATTRIBUTION", PLAN_IGN_ATTRIBUTION if LEAFLET_TILES_URL == PLAN_IGN_URL else ""
)
_tile_origins = []
if LEAFLET_TILES_URL:
    from urllib.parse import urlsplit

    # "https://{s}.tile.example.org/{z}/{x}/{y}.png" allows "https://*.tile.example.org".
    _tiles = urlsplit(LEAFLET_TILES_URL.replace("{s}", "*"))
    _tile_origins = [f"{_tiles.scheme}://{_tiles.netloc}"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_tile_origins],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_BEHIND_PROXY", False):
    # Only behind a reverse proxy that sets this header itself; otherwise clients could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The client's address is the last one the proxy appended to X-Forwarded-For (as in
    # cresol/core/ratelimit.py); without a proxy, REMOTE_ADDR, and the header is ignored.
    ALLAUTH_TRUSTED_PROXY_COUNT = 1
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SILENCED_SYSTEM_CHECKS = [
    # gis.W001: Debian 12's GDAL 3.6 cannot block file and network access for malicious spatial
    # references. The portal never hands untrusted input to GDAL: territories are built from our own
    # data files with GEOS constructors, and user-placed points are parsed by our own code (see
    # cresol/territories/geometry.py). Upgrade to GDAL >= 3.9 before letting user input reach GDAL.
    "gis.W001",
]

# --- Maps -------------------------------------------------------------------------------------------
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (47.5, 1.7),
    "DEFAULT_ZOOM": 7,
    "MIN_ZOOM": 6,
    "MAX_ZOOM": 18,
    "TILES": [(_("Fond de carte"), LEAFLET_TILES_URL, {"attribution": LEAFLET_TILES_ATTRIBUTION})]
    if LEAFLET_TILES_URL
    else [],
}

# Pages from the cache, made stale by a change of what they show (cresol/core/pagecache.py).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# Seconds a cached page is served before it is built again (pages that change with time alone, an
# event just ended, may be this late; a change of content shows at once).
PAGE_CACHE_TTL = env_int("PAGE_CACHE_TTL", 60)
# What one address may ask of the partners' API in a minute (cresol/api/middleware.py).
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 600)
# Days the watch keeps fetched items (pruned nightly); shares are kept for good.
WATCH_ITEMS_KEPT_DAYS = env_int("WATCH_ITEMS_KEPT_DAYS", 180)
# Days after an event that its registrants' names, addresses and answers are kept (deleted nightly;
# the counts stay). The README says what is kept and why.
REGISTRATIONS_RETENTION_DAYS = env_int("REGISTRATIONS_RETENTION_DAYS", 90)

# --- Background tasks -------------------------------------------------------------------------------
# procrastinate keeps its queue in the portal's PostgreSQL: `manage.py procrastinate worker` runs the
# jobs and, in every worker, the schedules declared in each app's tasks.py (cron in UTC). A scheduled run
# missed while no worker ran (up to 8 days back) is run once when a worker starts again.
PROCRASTINATE_PERIODIC_DEFAULTS = {"max_delay": 8 * 24 * 3600}
# Finished jobs are deleted; failed ones stay, visible in the admin ("Procrastinate") and on the health
# page, with the error the middleware writes down (procrastinate keeps that a job failed, not why).
PROCRASTINATE_WORKER_DEFAULTS = {"delete_jobs": "successful", "task_middleware": [record_outcome]}

# --- Logging: everything to stdout, where the process manager collects it ---------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO", "propagate": True},
        "httpx": {"level": "WARNING"},  # one line per outside request is noise; failures are logged by us
        # Each worker lists the schedules it registers, twice: the jobs' own lines are what matters.
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.blueprints": {"level": "WARNING"},
        # runserver prints "Watching for file changes" itself: the log line would say it twice.
        "django.utils.autoreload": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF it draws; its warnings (a CSS rule it skips) are kept.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Address search when placing a point (cresol/territories/addresses.py): France's Base Adresse Nationale,
# called by the server with a short timeout. By default in production only (development and tests have
# no internet; tests point it to a local server); ADDRESS_SEARCH_URL=none turns it off.
ADDRESS_SEARCH_URL = env_str("ADDRESS_SEARCH_URL", "" if DEBUG else "https://api-adresse.data.gouv.fr/search/")
if ADDRESS_SEARCH_URL.lower() == "none":
    ADDRESS_SEARCH_URL = ""

# --- The portal -------------------------------------------------------------------------------------
SITE_NAME = "Cré-sol"
# Hosts the fetch guard lets through although they are private or local (cresol/core/fetch.py): only for
# trying a partner's calendar or feed served on this machine, e.g. FETCH_ALLOWED_HOSTS=127.0.0.1.
FETCH_ALLOWED_HOSTS = env_list("FETCH_ALLOWED_HOSTS", [])
if FETCH_ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("FETCH_ALLOWED_HOSTS opens the fetch guard: it is for development only.")
# The portal's public address, for links in e-mails, .ics and exports. By default: in development the
# address `make run` serves (its PORT), in production the first allowed host over HTTPS.
SITE_URL = env_str(
    "SITE_URL",
    f"http://127.0.0.1:{env_int('PORT', 8000)}"
    if DEBUG
    else f"https://{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else 'localhost'}",
).rstrip("/")
