"""The map's scheduled work, run by the worker (`manage.py procrastinate worker`; cron in UTC)."""

import logging

from procrastinate.contrib.django import app

from .reminders import send_reminders

logger = logging.getLogger(__name__)


@app.periodic(cron="0 8 * * *")
@app.task(name="initiatives.remind_unconfirmed", lock="initiatives.remind_unconfirmed",
          queueing_lock="initiatives.remind_unconfirmed")  # fmt: skip
def remind_unconfirmed(timestamp: int) -> None:
    """The yearly "still active?" check: run daily, each initiative is written to once a year."""
    queued, skipped = send_reminders()
    logger.info("Reminders: %s queued, %s skipped", queued, skipped)
