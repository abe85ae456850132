"""The watch's scheduled work, run by the worker (`manage.py procrastinate worker`; cron in UTC)."""

import logging
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from procrastinate.contrib.django import app

from .digest import iso_week
from .fetching import WORKERS, due_sources
from .services import digest_send, items_prune, sources_fetch

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


def digest_week(timestamp: int) -> str:
    """The week a Monday run sends: the one before the Monday it was scheduled for, whenever it runs."""
    scheduled = datetime.fromtimestamp(timestamp, tz=UTC).astimezone(timezone.get_current_timezone())
    return iso_week(scheduled.date() - timedelta(days=7))


@app.periodic(cron="0 6 * * 1")
@app.task(name="veille.send_digest", lock="veille.send_digest", queueing_lock="veille.send_digest")
def send_weekly_digest(timestamp: int) -> None:
    """The Monday digest of the week before (each subscriber at most once a week, see digest.py)."""
    week = digest_week(timestamp)
    queued, skipped = digest_send(week=week)
    logger.info("Digest %s: %s queued, %s skipped", week, queued, skipped)
