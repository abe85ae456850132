"""The library's filters: words, type, theme, licence (query parameters are a public contract)."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cresol.core.search import matching_words
from cresol.themes.models import Theme

from .models import FREE_LICENCES, Kind, Resource


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Recherche"), method="filter_text", max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    type = django_filters.ChoiceFilter(label=_("Type"), field_name="kind", choices=Kind.choices, empty_label=_("Tous"))
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Toutes"),
    )
    libre = django_filters.BooleanFilter(
        label=_("Sous licence libre seulement"), method="filter_free", widget=forms.CheckboxInput
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def __init__(self, data: Any = None, *args, **kwargs) -> None:
        super().__init__(data, *args, queryset=Resource.objects.published(), **kwargs)

    def filter_text(self, queryset: QuerySet, name: str, value: Any) -> Any:
        words = matching_words(value, "title", "summary", "author_name")
        return queryset if words is None else queryset.filter(words)

    def filter_free(self, queryset: QuerySet, name: str, value: Any) -> Any:
        return queryset.filter(licence__in=FREE_LICENCES) if value else queryset
