"""Settings for the test suite: the portal's own, plus a small moderated model for the tests."""

import os

# Development defaults (no HTTPS redirect, no secret needed) whatever .env says; pytest turns DEBUG off.
os.environ["DJANGO_DEBUG"] = "1"

from cresol.settings import *  # noqa: E402, F403
from cresol.settings import DATABASES, INSTALLED_APPS, STORAGES  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; security is not under test here
SITE_URL = "http://testserver"
# Static files straight from the source folders, as in development: no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Each worker thread closes its connection after every job (procrastinate's middleware keeps it for
# CONN_MAX_AGE otherwise): a test's worker stops with its threads, and must leave no session behind.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# The sample feeds' entries have fixed dates: they must not fall out of the watch as the years pass.
# Tests of the pruning set their own period.
WATCH_ITEMS_KEPT_DAYS = 36_500
