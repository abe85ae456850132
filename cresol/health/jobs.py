"""The worker's task middleware: after each job, what it did is written down (services.task_run_record).

Declared in settings (PROCRASTINATE_WORKER_DEFAULTS): every worker, `make run`'s and the tests' real
one alike, runs every task through it. Imports nothing at load time: settings import this module.
"""

from collections.abc import Callable
from typing import Any


def record_outcome(call_next: Callable[[], Any], context: Any, worker: Any) -> Any:
    """Run the task; record its success, or its error before procrastinate retries or fails it."""
    from django.utils import timezone

    from . import services

    job = context.job
    started_at = timezone.now()
    try:
        result = call_next()
    except Exception as error:
        services.task_run_record(task_name=job.task_name, job_id=job.id, started_at=started_at, error=error)
        raise
    services.task_run_record(task_name=job.task_name, job_id=job.id, started_at=started_at)
    return result
