"""The watch's filters: theme, tag, source and text (query parameters are a public contract)."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cresol.core.search import matching_words
from cresol.themes.models import Theme

from .models import Share, Source


class ShareFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Toutes"),
    )
    tag = django_filters.CharFilter(label=_("Mot-clé"), field_name="tags__name", lookup_expr="iexact", max_length=50)
    source = django_filters.ModelChoiceFilter(
        label=_("Source"),
        field_name="item__source",
        queryset=Source.objects.filter(active=True).order_by("name"),
        empty_label=_("Toutes"),
    )
    q = django_filters.CharFilter(
        label=_("Recherche"), method="filter_text", max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )

    class Meta:
        model = Share
        fields: list[str] = []

    def __init__(self, data: Any = None, *args, **kwargs) -> None:
        super().__init__(data, *args, queryset=Share.objects.published(), **kwargs)

    def filter_text(self, queryset: QuerySet, name: str, value: Any) -> Any:
        words = matching_words(value, "title", "comment", "description")
        return queryset if words is None else queryset.filter(words)

    def filter_queryset(self, queryset: QuerySet) -> Any:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("tag") or self.form.cleaned_data.get("theme"):
            queryset = queryset.distinct()
        return queryset
