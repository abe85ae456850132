"""Uploads that only their contributor and the moderators may read until they are published.

They are kept apart from the public media (MEDIA_ROOT and its bucket, served by the proxy to anyone):
in a folder outside MEDIA_ROOT (PRIVATE_FILES_ROOT), or in a private bucket (MEDIA_S3_PRIVATE_BUCKET),
under names nobody can guess. Nothing serves them but the owning section's view, which checks who asks;
the storage's `url()` points to that view, so templates, feeds and the admin link there.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """A private bucket whose files are reached through the portal's view (`served_at`), never by a
    public or signed address of the store."""

    def __init__(self, *, served_at: str, **settings):
        self.served_at = served_at
        super().__init__(**settings)

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{self.served_at}{name}"


class PrivateStorage(LazyObject):
    """storages["private"], as settings say now: a model's FileField keeps the storage it is given when
    the model is loaded, and this one follows a change of STORAGES (the tests' own folder or bucket)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def _forget_the_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
