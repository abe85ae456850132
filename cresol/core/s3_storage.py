"""The private bucket of MEDIA_STORAGE=s3 (see private_storage). Apart from it because the S3 client is
installed only where a deployment stores its media on S3 (the `s3` dependency group)."""

from typing import Any

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):  # type: ignore[misc]  # django-storages ships no types
    """A private bucket whose files are reached through the portal's view (`served_at`), never by a
    public or signed address of the store."""

    def __init__(self, *, served_at: str, **settings: Any) -> None:
        self.served_at = served_at
        super().__init__(**settings)

    def url(self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        return f"{self.served_at}{name}"
