"""Webhook deliveries, run by the worker: each change at once, and every minute what is due again."""

from procrastinate.contrib.django import app

from . import webhooks


@app.task(name="api.deliver_webhook", queue="webhooks")
def deliver_webhook(delivery_id: int) -> None:
    webhooks.deliver(delivery_id)


@app.periodic(cron="* * * * *")
@app.task(name="api.deliver_due_webhooks", lock="api.deliver_due_webhooks", queueing_lock="api.deliver_due_webhooks")
def deliver_due_webhooks(timestamp: int) -> None:
    """Retries after their wait, and deliveries a worker that died never finished."""
    webhooks.deliver_due()
