"""The delivery task, and the weekly clean-up of the outbox and of finished jobs."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import services

# Seven tries over about five hours (waits of 5 s, 25 s, 2 min, 10 min, 52 min, 4 h 20): a mail server
# down for a maintenance does not lose the messages of the morning.
RETRIES = 6
RETRY = RetryStrategy(max_attempts=RETRIES, exponential_wait=5)
KEEP_FOR = timedelta(days=30)


@app.task(name="outbox.deliver_email", queue="emails", retry=RETRY, pass_context=True)
def deliver_email(context: Any, email_id: int) -> None:
    services.email_deliver(email_id=email_id, last_attempt=context.job.attempts >= RETRIES)


@app.periodic(cron="40 3 * * 0", periodic_id="weekly")
@app.task(name="outbox.prune", queueing_lock="outbox.prune", lock="outbox.prune")
def prune_outbox(timestamp: int) -> None:
    services.emails_prune(older_than=timezone.now() - KEEP_FOR)
