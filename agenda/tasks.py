"""The agenda's scheduled work, run by the worker (`manage.py procrastinate worker`; cron in UTC).

Each task holds a lock of its own name: two workers never run it at once, and a run still waiting in
the queue is not queued a second time.
"""

import logging

from procrastinate.contrib.django import app

from .importer import due_sources, import_source
from .services import events_refresh_occurrences

logger = logging.getLogger(__name__)


@app.periodic(cron="15 * * * *")
@app.task(name="agenda.import_calendars", lock="agenda.import_calendars", queueing_lock="agenda.import_calendars")
def import_calendars(timestamp: int) -> None:
    """Partners' calendars, every hour (each source is fetched only when it is due)."""
    for source in due_sources():
        report = import_source(source)
        logger.info("Calendar %s: %s", source.pk, report)


@app.periodic(cron="30 1 * * *")
@app.task(
    name="agenda.refresh_occurrences", lock="agenda.refresh_occurrences", queueing_lock="agenda.refresh_occurrences"
)
def refresh_occurrences(timestamp: int) -> None:
    """Series a year ahead, every night."""
    logger.info("%s series moved a day ahead", events_refresh_occurrences())
