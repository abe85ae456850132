"""The blog's scheduled work, run by the worker (`manage.py procrastinate worker`; cron in UTC)."""

import logging

from procrastinate.contrib.django import app

from .services import unused_images_delete

logger = logging.getLogger(__name__)


@app.periodic(cron="0 2 * * *")
@app.task(name="blog.delete_unused_images", lock="blog.delete_unused_images", queueing_lock="blog.delete_unused_images")
def delete_unused_images(timestamp: int) -> None:
    """Images inserted while writing that no post uses two days later, every night."""
    logger.info("%s unused images deleted", unused_images_delete())
