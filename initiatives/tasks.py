"""The map's scheduled work, run by the worker (`manage.py procrastinate worker`; cron in UTC)."""

import logging

from procrastinate.contrib.django import app

from .services import initiative_openings_refresh, reminders_send

logger = logging.getLogger(__name__)


@app.periodic(cron="0 8 * * *")
@app.task(
    name="initiatives.remind_unconfirmed",
    lock="initiatives.remind_unconfirmed",
    queueing_lock="initiatives.remind_unconfirmed",
)
def remind_unconfirmed(timestamp: int) -> None:
    """The yearly "still active?" check: run daily, each initiative is written to once a year."""
    queued, skipped = reminders_send()
    logger.info("Reminders: %s queued, %s skipped", queued, skipped)


@app.periodic(cron="30 0 * * *")
@app.task(
    name="initiatives.refresh_openings",
    lock="initiatives.refresh_openings",
    queueing_lock="initiatives.refresh_openings",
)
def refresh_openings(timestamp: int) -> None:
    """The "ouvert maintenant" filter reads the next two weeks' periods: renewed every night."""
    count = initiative_openings_refresh()
    logger.info("Opening periods: %s initiatives", count)
