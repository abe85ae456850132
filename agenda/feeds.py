"""/agenda/flux/: the upcoming events as RSS and Atom, with the agenda's filters."""

from typing import Any

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cresol.core.feeds import FilteredFeed, tag_uri

from .filters import OccurrenceFilter
from .recurrence import french_span

ITEMS = 50


class UpcomingEventsRss(FilteredFeed):
    filterset_class = OccurrenceFilter
    title = "Agenda citoyen du Cré-sol"
    description = "Les prochains événements de l'économie sociale et solidaire en Centre-Val de Loire."

    def link(self) -> str:
        return "/agenda/"

    def items(self, filterset: Any) -> Any:
        return list(filterset.qs.select_related("event__commune").order_by("start", "pk")[:ITEMS])

    def item_title(self, occurrence: Any) -> str:
        prefix = "[Annulé] " if occurrence.is_cancelled else ""
        when = french_span(occurrence.start, occurrence.end, all_day=occurrence.event.all_day)
        return f"{prefix}{occurrence.event.title} — {when}"

    def item_description(self, occurrence: Any) -> str:
        event = occurrence.event
        place = f"<p>{escape(event.commune.name)}</p>" if event.commune_id else ""
        # The description was rendered and sanitized on save; the summary is plain text.
        return f"{place}{event.description_html or escape(event.summary)}"

    def item_link(self, occurrence: Any) -> str:
        return occurrence.event.get_absolute_url()

    def item_guid(self, occurrence: Any) -> str:
        return tag_uri("agenda", occurrence.event.uid, f"{occurrence.original_start:%Y%m%dT%H%M%S}")

    item_guid_is_permalink = False

    def item_pubdate(self, occurrence: Any) -> Any:
        return occurrence.event.published_at or occurrence.event.created_at

    def item_updateddate(self, occurrence: Any) -> Any:
        return occurrence.event.updated_at or timezone.now()


class UpcomingEventsAtom(UpcomingEventsRss):
    feed_type = Atom1Feed
    subtitle = UpcomingEventsRss.description
