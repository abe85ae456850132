"""The directory's filters: a territory (département, intercommunalité or commune), a skill, a theme."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cresol.territories.filters import CommuneFilter
from cresol.territories.models import EPCI, Commune, Departement, Pays
from cresol.themes.models import Theme

from .models import ResourcePerson, Skill


class PersonFilter(django_filters.FilterSet):
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"),
        to_field_name="code",
        queryset=Departement.objects.order_by("code"),
        empty_label=_("Tous les départements"),
        method="filter_territory",
    )
    epci = django_filters.ModelChoiceFilter(
        label=_("Intercommunalité"),
        to_field_name="siren",
        queryset=EPCI.objects.order_by("name"),
        empty_label=_("Toutes les intercommunalités"),
        method="filter_territory",
    )
    pays = django_filters.ModelChoiceFilter(
        label=_("Pays"),
        to_field_name="slug",
        queryset=Pays.objects.order_by("name"),
        empty_label=_("Tous les Pays"),
        method="filter_territory",
    )
    commune = CommuneFilter(
        label=_("Commune"),
        method="filter_commune",
        help_text=_("Nom ou code postal : les personnes qui interviennent sur cette commune."),
    )
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
        self.form.fields["commune"].widget.attrs.update({"list": "communes", "autocomplete": "off"})

    def filter_territory(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.serving(**{name: value}) if value else queryset

    def filter_commune(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.serving(communes=Commune.objects.named(value)) if value else queryset

    def filter_skill(self, queryset: QuerySet, name: str, value: Any) -> Any:
        return queryset.filter(skills__contains=[value]) if value else queryset
