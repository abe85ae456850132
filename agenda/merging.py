"""Merging two records of one event (imported twice from two partners, or proposed by a member and
imported): the service, and what its admin page reads (see cresol/core/merging.py for the shared part).

The kept event keeps its id and address; its dates, place and texts take the values the moderator
chose; what points to the other one (change requests, the library's resources) moves to it. The other
is deleted; its address redirects (301), and when it came from a partner's calendar, its UID stays
tied to the kept event so that the next import of that calendar does not create it again. An event
that takes registrations on the portal is not merged away: its registrants' dates would go with it.
"""

from datetime import timedelta
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cresol.accounts.models import User
from cresol.api import webhooks
from cresol.core import merging
from cresol.core.merging import stored_value
from cresol.core.versions import bump_content_version
from cresol.moderation.models import Status
from cresol.moderation.services import (
    moderation_merge_carry_publication,
    moderation_merge_finish,
    moderation_merge_lock,
)

from . import services
from .models import Event, EventMerge, Occurrence

# When an event takes place: chosen as a whole ("start" stands for them), never a start from one record
# with the other's repetition.
WHEN_FIELDS = ["start", "end", "all_day", "frequency", "interval", "weekdays", "monthly_mode", "until", "count"]
# The start stands for every date, the address brings its commune and point, the image its thumbnail and text.
GROUPS = {
    "start": [*WHEN_FIELDS, "excluded_dates"],
    "address": ["address", "commune", "point"],
    "image": ["image", "thumbnail", "image_alt"],
}
CHOSEN_FIELDS = [
    "title",
    "summary",
    "description",
    "kind",
    "start",
    "attendance",
    "online_url",
    "place_initiative",
    "venue_name",
    "address",
    "organiser_initiative",
    "organiser_name",
    "price",
    "price_details",
    "registration_url",
    "accessibility",
    "image",
]


def relations() -> list[Any]:
    """What points to an event, from any app, but its dates (rebuilt from the kept event's rule)."""
    return merging.relations(Event, leave=(Occurrence,))


def default_kept(first: Event, second: Event) -> Event:
    """The portal's own event before an imported one, then the published one, then the older."""

    def rank(event: Event) -> tuple[bool, bool, int]:
        return (event.source_id is not None, event.status != Status.PUBLISHED, event.pk)

    return min(first, second, key=rank)


def snapshot(event: Event) -> dict[str, Any]:
    fields = dict.fromkeys([*CHOSEN_FIELDS, *(name for group in GROUPS.values() for name in group)])
    values = {field: stored_value(event, field) for field in fields}
    values.update(
        id=event.pk,
        slug=event.slug,
        status=event.status,
        source=event.source.name if event.source else "",
        external_uid=event.external_uid,
        themes=sorted(theme.slug for theme in event.themes.all()),
        tags=sorted(tag.name for tag in event.tags.all()),
    )
    return values


@transaction.atomic
def events_merge(*, kept: Event, other: Event, choices: dict[str, str], by: User | None) -> EventMerge:
    """Merge `other` into `kept` (see the module). `choices` maps a field of CHOSEN_FIELDS to "kept" or
    "other"; themes and tags are the union of both."""
    kept, other = moderation_merge_lock(kept=kept, other=other)
    if getattr(other, "registrations", None) is not None and other.registrations.exists():
        raise ValidationError(
            _("« %(title)s » prend des inscriptions sur le portail : gardez plutôt cette fiche-là.")
            % {"title": other.title}
        )
    former = {"kept": snapshot(kept), "other": snapshot(other)}
    merging.take_values(kept, other, choices, groups=GROUPS)
    moderation_merge_carry_publication(kept=kept, other=other)
    themes = set(kept.themes.all()) | set(other.themes.all())
    tags = {tag.name for tag in kept.tags.all()} | {tag.name for tag in other.tags.all()}
    shared_sources = set(kept.also_in_sources.all()) | set(other.also_in_sources.all())

    moved, touched = merging.move_relations(relations(), kept=kept, other=other)
    merge = EventMerge.objects.create(
        merged_id=other.pk,
        merged_slug=other.slug,
        merged_title=other.title[:200],
        merged_source=other.source,
        merged_uid=other.external_uid,
        kept=kept,
        merged_by=by,
        former_values=former,
        moved=moved,
    )
    moderation_merge_finish(kept=kept, other=other, by=by)

    services.event_save(event=kept, themes=themes, tags=sorted(tags))
    kept.also_in_sources.set(source for source in shared_sources if source.pk != kept.source_id)
    webhooks.content_changed(kept)
    bump_content_version(Event, *touched)
    return merge


def replaced_by(slug: str) -> Event | None:
    """The event that absorbed the one that had this slug, if it was merged."""
    merge = EventMerge.objects.filter(merged_slug=slug).select_related("kept").order_by("-merged_at").first()
    return merge.kept if merge else None


def merge_candidates(event: Event) -> list[Event]:
    """For the admin's page of an event: others the same day with a similar title, at most 5."""
    day = timezone.localtime(event.start).replace(hour=0, minute=0, second=0, microsecond=0)
    candidates = (
        Event.objects.filter(
            status__in=[Status.PUBLISHED, Status.PENDING],
            occurrences__start__gte=day,
            occurrences__start__lt=day + timedelta(days=1),
        )
        .exclude(pk=event.pk)
        .annotate(similarity=TrigramSimilarity("title", event.title))
        .filter(similarity__gte=0.4)
        .select_related("source")
        .distinct()
    )
    return list(candidates[:5])
