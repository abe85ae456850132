"""The blog's filters: theme, kind, tag, author (query parameters are a public contract)."""

from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cresol.core.search import matching_words
from cresol.themes.models import Theme

from .models import Kind, Post


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Recherche"), method="filter_text", max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("Toutes"),
    )
    genre = django_filters.ChoiceFilter(
        label=_("Genre"), field_name="kind", choices=Kind.choices, empty_label=_("Tous")
    )
    tag = django_filters.CharFilter(label=_("Mot-clé"), field_name="tags__name", lookup_expr="iexact", max_length=50)
    auteur = django_filters.ModelChoiceFilter(
        label=_("Auteur"),
        field_name="author",
        to_field_name="username",
        queryset=get_user_model().objects.all(),
        widget=forms.TextInput,
    )

    class Meta:
        model = Post
        fields: list[str] = []

    def __init__(self, data: Any = None, *args, **kwargs) -> None:
        super().__init__(data, *args, queryset=Post.objects.published(), **kwargs)

    def filter_text(self, queryset: QuerySet, name: str, value: Any) -> Any:
        words = matching_words(value, "title", "lead", "author__display_name")
        return queryset if words is None else queryset.filter(words)

    def filter_queryset(self, queryset: QuerySet) -> Any:
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("tag") or self.form.cleaned_data.get("theme"):
            queryset = queryset.distinct()
        return queryset
