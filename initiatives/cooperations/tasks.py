"""The cooperations' scheduled work, run by the worker (cron in UTC)."""

import logging

from procrastinate.contrib.django import app

from .services import needs_notify_people

logger = logging.getLogger(__name__)


@app.periodic(cron="0 7 * * 1")
@app.task(
    name="cooperations.notify_people", lock="cooperations.notify_people", queueing_lock="cooperations.notify_people"
)
def notify_people(timestamp: int) -> None:
    """Each Monday, the resource people hear of the week's new needs on their territory, in one e-mail."""
    sent = needs_notify_people()
    logger.info("New needs told to %s resource people", sent)
