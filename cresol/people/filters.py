"""The directory's filters: a territory (département, intercommunalité, Pays or commune), a skill, a theme."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cresol.territories.filters import TerritoryFilterSet
from cresol.territories.models import Commune
from cresol.themes.models import Theme

from .models import ResourcePerson, Skill


class PersonFilter(TerritoryFilterSet):
    competence = django_filters.ChoiceFilter(
        label=_("Compétence"), choices=Skill.choices, empty_label=_("Toutes"), method="filter_skill"
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Toutes"),
    )

    class Meta:
        model = ResourcePerson
        fields: list[str] = []

    def __init__(self, data: Any = None, *args, **kwargs) -> None:
        super().__init__(data, *args, queryset=ResourcePerson.objects.published(), **kwargs)
        self.form.fields["commune"].help_text = _(
            "Nom ou code postal : les personnes qui interviennent sur cette commune."
        )

    def filter_territory(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.serving(**{name: value}) if value else queryset

    def filter_commune(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.serving(communes=Commune.objects.named(value)) if value else queryset

    def filter_skill(self, queryset: QuerySet, name: str, value: Any) -> Any:
        return queryset.filter(skills__contains=[value]) if value else queryset
