"""The alerts' run, by the worker: every morning (cron in UTC), the daily ones, and on Mondays the weekly."""

import logging
from datetime import UTC, datetime

from django.utils import timezone
from procrastinate.contrib.django import app

from .services import alerts_send

logger = logging.getLogger(__name__)


@app.periodic(cron="0 5 * * *")
@app.task(name="alerts.send", lock="alerts.send", queueing_lock="alerts.send")
def send_alerts(timestamp: int) -> None:
    """The day is the one the run was scheduled for: caught up later, Monday's run still sends the weekly."""
    scheduled = datetime.fromtimestamp(timestamp, tz=UTC).astimezone(timezone.get_current_timezone())
    queued = alerts_send(day=scheduled.date())
    logger.info("Alerts of %s: %s e-mails queued", scheduled.date(), queued)
