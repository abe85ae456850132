"""The real worker, run by the tests that commit their data (transactional and browser tests)."""

import threading

from django.db import connections


def in_a_thread(function) -> None:
    """Run an event loop's worth of work in a thread of its own: once a browser test has run, the
    main thread holds Playwright's event loop, where asyncio.run and async_to_sync refuse to run."""
    errors = []

    def run():
        try:
            function()
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own, were the work to use Django's connection

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def run_worker_until_idle():
    """A real worker, in this process, with its own connections: it runs every job due, then stops.

    Its schedules are set aside (a test defers the scheduled runs it wants itself): a run of the
    schedule racing the worker's stop would make the test depend on the clock.
    """

    from procrastinate.contrib.django import app

    def work():
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)

    registry = app.periodic_registry
    schedules, registry.periodic_tasks = registry.periodic_tasks, {}
    try:
        in_a_thread(work)
    finally:
        registry.periodic_tasks = schedules
