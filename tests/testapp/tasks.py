"""Tasks that exist only in the test suite, to watch the worker race, retry and catch up."""

import time

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from .models import TaskRun


@app.periodic(cron="* * * * *")
@app.task(
    name="testapp.every_minute", pass_context=True, lock="testapp.every_minute", queueing_lock="testapp.every_minute"
)
def every_minute(context, timestamp: int) -> None:
    TaskRun.objects.create(task="every_minute", timestamp=timestamp, worker=context.worker_name or "")
    time.sleep(1)  # long enough for the other worker to try and take it too


@app.task(name="testapp.always_fails", retry=RetryStrategy(max_attempts=2))
def always_fails() -> None:
    TaskRun.objects.create(task="always_fails")
    raise RuntimeError("the partner's server is down")
