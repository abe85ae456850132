"""Writes the sections share: what a fetch of a partner's feed or calendar did (FetchState), and staff's
deletions in the admin."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import FetchState


def fetch_succeeded(
    source: FetchState,
    *,
    status: str,
    etag: str | None = None,
    last_modified: str | None = None,
    notes: list[str] | None = None,
) -> None:
    """The feed was read: the failures are forgotten; its validators (ETag, Last-Modified) kept for the
    next conditional request; `notes`, what the import left out, kept for staff where the source has them."""
    source.last_fetch_at, source.last_status = timezone.now(), status[:200]
    source.consecutive_failures, source.last_error, source.next_fetch_at = 0, "", None
    source.last_success_at, source.failing_since = source.last_fetch_at, None
    if etag is not None:
        source.etag, source.last_modified = etag[:300], (last_modified or "")[:100]
    fields = list(source.FETCH_FIELDS)
    if notes is not None:
        source.last_notes = "\n".join(note[:300] for note in notes[:500])  # type: ignore[attr-defined]  # an import's
        fields.append("last_notes")
    source.save(update_fields=fields)


def fetch_failed(source: FetchState, error: str, *, now: datetime | None = None) -> None:
    """The feed could not be read: tried again after 1 h, 2 h, 4 h… up to a day. `now` only for the demo,
    whose partner has been failing for days."""
    now = now or timezone.now()
    source.last_fetch_at, source.consecutive_failures = now, source.consecutive_failures + 1
    source.last_status, source.last_error = f"échec : {error}"[:200], error
    source.failing_since = source.failing_since or now
    source.next_fetch_at = now + timedelta(hours=min(2 ** (source.consecutive_failures - 1), 24))
    source.save(update_fields=source.FETCH_FIELDS)


def contents_delete(*, queryset: QuerySet[Any]) -> int:
    """Staff delete rows in the admin (ServiceAdminMixin's default): what the models' relations cascade
    to goes with them, what they protect stops it (the admin lists which), and each row's post_delete
    makes the cached pages stale. A section whose deletion does more has its own (a resource's file,
    a sent letter kept, a radar's "latest" flag)."""
    count, _deleted = queryset.delete()
    return count
