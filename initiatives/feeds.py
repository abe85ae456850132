"""/initiatives/flux/: the initiatives newly published on the map, as RSS and Atom, with the map's own
filters (?theme=, ?departement=, ?epci=, ?commune=…), for partners and the network's newsletter."""

from typing import Any

from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cresol.core.feeds import FilteredFeed, tag_uri

from .filters import InitiativeFilter

ITEMS = 30


class NewInitiativesRss(FilteredFeed):
    filterset_class = InitiativeFilter
    description = "Les initiatives solidaires nouvellement référencées sur Archipel O Centre (données ODbL)."

    def title(self, filterset: Any) -> str:
        data = filterset.form.cleaned_data
        parts = [theme.name for theme in data.get("theme") or []]
        parts += [data[name].name for name in ("departement", "epci") if data.get(name)]
        return "Archipel O Centre — nouvelles initiatives" + (f" — {' · '.join(parts)}" if parts else "")

    def link(self, filterset: Any) -> str:
        query = filterset.data.urlencode()
        return f"/initiatives/?{query}" if query else "/initiatives/"

    def items(self, filterset: Any) -> Any:
        return (
            filterset.qs.select_related("commune__departement")
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")[:ITEMS]
        )

    def item_title(self, initiative: Any) -> str:
        return f"{initiative.name} ({initiative.commune.name})"

    def item_guid(self, initiative: Any) -> str:
        return tag_uri("initiatives", "initiative", initiative.pk)

    item_guid_is_permalink = False

    def item_description(self, initiative: Any) -> str:
        themes = ", ".join(theme.name for theme in initiative.themes.all())
        return (
            f"<p>{escape(initiative.summary)}</p><p>{escape(initiative.commune.name)} "
            f"({escape(initiative.commune.departement.code)}) · {escape(initiative.get_kind_display())}"
            f"{' · ' + escape(themes) if themes else ''}</p>"
        )

    def item_categories(self, initiative: Any) -> Any:
        return [theme.name for theme in initiative.themes.all()]

    def item_pubdate(self, initiative: Any) -> Any:
        return initiative.published_at

    def item_updateddate(self, initiative: Any) -> Any:
        return initiative.updated_at

    def item_copyright(self, initiative: Any) -> str:
        return "ODbL 1.0"

    def feed_copyright(self) -> str:
        return "Données sous licence ODbL 1.0 — Cré-sol et les contributeurs d'Archipel O Centre"


class NewInitiativesAtom(NewInitiativesRss):
    feed_type = Atom1Feed
    subtitle = NewInitiativesRss.description
