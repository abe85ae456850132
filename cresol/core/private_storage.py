"""Uploads that only their contributor and the moderators may read until they are published.

They are kept apart from the public media (MEDIA_ROOT and its bucket, served by the proxy to anyone):
in a folder outside MEDIA_ROOT (PRIVATE_FILES_ROOT), or in a private bucket (MEDIA_S3_PRIVATE_BUCKET),
under names nobody can guess (cresol.core.s3_storage). Nothing serves them but the owning section's view,
which checks who asks; the storage's `url()` points to that view, so templates, feeds and the admin link there.
"""

from typing import Any

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):  # type: ignore[type-arg]  # django-stubs' LazyObject is not generic at run time
    """storages["private"], as settings say now: a model's FileField keeps the storage it is given when
    the model is loaded, and this one follows a change of STORAGES (the tests' own folder or bucket)."""

    def _setup(self) -> None:
        self._wrapped: Storage = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def _forget_the_storage(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        private_storage._wrapped = empty  # type: ignore[assignment]  # LazyObject's own marker of "not set up"
