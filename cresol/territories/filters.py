"""The commune filter of every list, map and feed (a name, a postal code or an INSEE code), and the four
territory filters of the lists whose rows reach places in their own way."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import EPCI, Commune, Departement, Pays


class CommuneField(forms.CharField):
    """What people type, checked: an unknown name or code is said so beside the field."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", _("Son nom, son code postal ou son code INSEE."))
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not Commune.objects.named(value).exists():
            raise ValidationError(
                _("Aucune commune de Centre-Val de Loire ne correspond à « %(value)s »."),
                code="unknown_commune",
                params={"value": value},
            )


class CommuneFilter(django_filters.CharFilter):
    """`field_name` is the path to the commune (`commune`, `event__commune`); a postal code selects all
    the communes it serves."""

    field_class = CommuneField

    def filter(self, queryset: QuerySet, value: Any) -> Any:
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": Commune.objects.named(value)})


class TerritoryFilterSet(django_filters.FilterSet):
    """The four territory filters of a list whose rows reach places in their own way (a resource person
    serves territories, a cooperation covers communes): a département, an intercommunality, a Pays or a
    commune. The subclass says what each means: `filter_territory(queryset, name, value)` for the first
    three (`name` is "departement", "epci" or "pays"), `filter_commune(queryset, name, value)`."""

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
    commune = CommuneFilter(label=_("Commune"), method="filter_commune")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form.fields["commune"].widget.attrs.update({"list": "communes", "autocomplete": "off"})

    def filter_territory(self, queryset: QuerySet, name: str, value: Any) -> Any:
        raise NotImplementedError

    def filter_commune(self, queryset: QuerySet, name: str, value: Any) -> Any:
        raise NotImplementedError
