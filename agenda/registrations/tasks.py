"""Registrations' scheduled work, by the worker (cron in UTC): the reminders of tomorrow's dates in
the afternoon, and at night the registrants' data of events over for the retention period."""

import logging

from procrastinate.contrib.django import app

from .services import registrants_remind, registrations_purge

logger = logging.getLogger(__name__)


@app.periodic(cron="0 15 * * *")
@app.task(name="registrations.remind", lock="registrations.remind", queueing_lock="registrations.remind")
def remind(timestamp: int) -> None:
    """Each registrant is reminded once per date (`reminded_for`): a run caught up later sends no second one."""
    logger.info("%s reminders queued", registrants_remind())


@app.periodic(cron="45 2 * * *")
@app.task(name="registrations.purge", lock="registrations.purge", queueing_lock="registrations.purge")
def purge(timestamp: int) -> None:
    logger.info("%s registrants' data deleted", registrations_purge())
