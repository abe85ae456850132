"""The cooperations' filters: words, direction, kind, theme, and a territory (département, Pays,
intercommunality or commune) — those whose reach covers it."""

from typing import Any

import django_filters
from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cresol.search.fields import CONFIG
from cresol.territories.filters import TerritoryFilterSet
from cresol.territories.models import Commune
from cresol.themes.models import Theme

from .models import Cooperation, Direction, Kind

# Which communes each territory filter names, as a lookup on Commune.
TERRITORY_LOOKUPS = {"departement": "departement", "pays": "epci__pays", "epci": "epci"}


class CooperationFilter(TerritoryFilterSet):
    q = django_filters.CharFilter(label=_("Mots-clés"), method="filter_words", max_length=200)
    sens = django_filters.ChoiceFilter(
        label=_("Sens"), field_name="direction", choices=Direction.choices, empty_label=_("Besoins et offres")
    )
    type = django_filters.ChoiceFilter(label=_("Type"), field_name="kind", choices=Kind.choices, empty_label=_("Tous"))
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Toutes"),
    )

    class Meta:
        model = Cooperation
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, queryset: Any = None, **kwargs: Any) -> None:
        queryset = Cooperation.objects.current() if queryset is None else queryset
        super().__init__(data, *args, queryset=queryset, **kwargs)
        self.form.fields["commune"].help_text = _("Nom ou code postal : les annonces qui concernent cette commune.")
        self.form.order_fields(["q", "sens", "type", "theme"])  # what is looked for, then where

    def filter_territory(self, queryset: QuerySet, name: str, value: Any) -> Any:
        if not value:
            return queryset
        return queryset.reaching(Commune.objects.filter(**{TERRITORY_LOOKUPS[name]: value}))  # type: ignore[attr-defined]

    def filter_commune(self, queryset: QuerySet, name: str, value: Any) -> Any:
        return queryset.reaching(Commune.objects.named(value)) if value else queryset  # type: ignore[attr-defined]

    def filter_words(self, queryset: QuerySet, name: str, value: Any) -> Any:
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(search_vector=SearchQuery(value, config=CONFIG, search_type="websearch"))
