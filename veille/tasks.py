"""The watch's scheduled work, run by the worker (`manage.py procrastinate worker`; cron in UTC)."""

import logging

from procrastinate.contrib.django import app

from .fetching import WORKERS, due_sources
from .services import items_prune, sources_fetch

logger = logging.getLogger(__name__)


@app.periodic(cron="*/30 * * * *")
@app.task(name="veille.fetch_feeds", lock="veille.fetch_feeds", queueing_lock="veille.fetch_feeds")
def fetch_feeds(timestamp: int) -> None:
    """The sources' RSS and Atom feeds, every 30 minutes (each source only when it is due)."""
    reports = sources_fetch(due_sources(), workers=WORKERS)
    failed = sum(1 for report in reports if report.error)
    logger.info("%s feeds fetched, %s failed", len(reports), failed)


@app.periodic(cron="20 3 * * *")
@app.task(name="veille.prune_items", lock="veille.prune_items", queueing_lock="veille.prune_items")
def prune_items(timestamp: int) -> None:
    """Items older than WATCH_ITEMS_KEPT_DAYS, every night (shares are kept)."""
    logger.info("%s old watch items forgotten", items_prune())
