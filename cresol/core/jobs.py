"""Deferring a job in the caller's transaction, wherever the caller runs.

A job is written through Django's connection, so it commits or rolls back with the caller's changes.
In a request that is what procrastinate's Django app does anyway; inside the worker, the app writes
through the worker's own pool instead, and a job deferred by a task would commit at once, before the
task's rows: a delivery could run before its e-mail exists.
"""

from typing import Any

from procrastinate import manager
from procrastinate.contrib.django.django_connector import DjangoConnector

_through_django = manager.JobManager(DjangoConnector())


def defer_in_transaction(task_name: str, *task_kwargs: dict[str, Any]) -> None:
    """Queue one job of the task named `task_name` per keyword dictionary, in one query, in the current
    transaction. By its name: a service defers its section's task without importing the task module,
    which imports the services (no import circle); an unknown name raises TaskNotFound."""
    if not task_kwargs:
        return
    from procrastinate.contrib.django import app

    deferrer = app.configure_task(task_name, allow_unknown=False)
    deferrer.job_manager = _through_django
    deferrer.batch_defer(*task_kwargs)
