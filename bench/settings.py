"""The portal's own settings, plus a hello-world view: the floor the throughput benchmark measures
pages against, through the same middleware stack (bench/throughput.py)."""

import os

from cresol.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_WITH_DRF"):
    INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework"]  # noqa: F405
