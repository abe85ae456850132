"""/cooperations/flux/: the needs and offers newly published, as RSS and Atom, with the list's filters."""

from typing import Any

from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cresol.core.feeds import FilteredFeed, tag_uri

from .filters import CooperationFilter

ITEMS = 30


class CooperationsRss(FilteredFeed):
    filterset_class = CooperationFilter
    description = "Les besoins et les offres de coopération entre collectifs de Centre-Val de Loire (Cré-sol)."

    def title(self, filterset: Any) -> str:
        data = filterset.form.cleaned_data
        parts = [str(dict(filterset.filters["sens"].extra["choices"])[data["sens"]])] if data.get("sens") else []
        parts += [data[name].name for name in ("theme", "departement", "pays", "epci") if data.get(name)]
        return "Cré-sol — coopérations" + (f" — {' · '.join(parts)}" if parts else "")

    def link(self, filterset: Any) -> str:
        query = filterset.data.urlencode()
        return f"/cooperations/?{query}" if query else "/cooperations/"

    def items(self, filterset: Any) -> Any:
        return filterset.qs.with_places().order_by("-published_at", "-pk")[:ITEMS]

    def item_title(self, cooperation: Any) -> str:
        return f"{cooperation.get_direction_display()} : {cooperation.title} ({cooperation.commune.name})"

    def item_guid(self, cooperation: Any) -> str:
        return tag_uri("cooperations", "cooperation", cooperation.pk)

    item_guid_is_permalink = False

    def item_description(self, cooperation: Any) -> str:
        return (
            f"<p>{escape(cooperation.description)}</p><p>{escape(cooperation.get_kind_display())} · "
            f"{escape(cooperation.commune.name)} · jusqu'au {cooperation.ends_on:%d/%m/%Y}</p>"
        )

    def item_categories(self, cooperation: Any) -> Any:
        return [theme.name for theme in cooperation.themes.all()]

    def item_pubdate(self, cooperation: Any) -> Any:
        return cooperation.published_at

    def item_updateddate(self, cooperation: Any) -> Any:
        return cooperation.updated_at

    def feed_copyright(self) -> str:
        return "Textes sous licence CC BY-SA 4.0 — Cré-sol et ses membres"


class CooperationsAtom(CooperationsRss):
    feed_type = Atom1Feed
    subtitle = CooperationsRss.description
