"""The portal's own settings, plus a hello-world view: the floor the throughput benchmark measures
pages against, through the same middleware stack (bench/throughput.py)."""

from cresol.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
