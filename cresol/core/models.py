from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoLoad(models.Model):
    """Which app's demo content `manage.py setup_demo` has loaded into this database."""

    app_label = models.CharField(_("application"), max_length=100, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.app_label


class FetchState(models.Model):
    """What a feed we follow remembers between fetches: conditional GET, outcome, and backoff on failure.

    Shared by the agenda's imported calendars and the watch's sources. A source that fails waits
    1 h, then 2 h, 4 h… up to a day before the next try, so one broken partner never slows a run.
    """

    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_fetch_at = models.DateTimeField("dernière récupération", null=True, blank=True, editable=False)
    last_status = models.CharField("dernier résultat", max_length=200, blank=True, editable=False)
    last_error = models.TextField("dernière erreur", blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField("échecs consécutifs", default=0, editable=False)
    next_fetch_at = models.DateTimeField("prochaine récupération", null=True, blank=True, editable=False)
    # For the health page: a source failing for days is a partner to call, one failing since an hour is noise.
    last_success_at = models.DateTimeField("dernière réussite", null=True, blank=True, editable=False)
    failing_since = models.DateTimeField("en échec depuis", null=True, blank=True, editable=False)

    FETCH_FIELDS = [
        "etag",
        "last_modified",
        "last_fetch_at",
        "last_status",
        "last_error",
        "consecutive_failures",
        "next_fetch_at",
        "last_success_at",
        "failing_since",
    ]
    # Saved alone, they change no public page: a fetch that brings nothing new keeps the page cache.
    BOOKKEEPING_FIELDS = frozenset([*FETCH_FIELDS, "last_notes"])

    class Meta:
        abstract = True

    @classmethod
    def due(cls, now: datetime | None = None) -> "models.QuerySet[Any]":
        """Active sources whose backoff, if any, has run out."""
        return cls._default_manager.filter(active=True).filter(  # type: ignore[misc]  # each source has `active`
            models.Q(next_fetch_at__isnull=True) | models.Q(next_fetch_at__lte=now or timezone.now())
        )
