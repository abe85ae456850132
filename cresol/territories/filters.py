"""The commune filter of every list, map and feed: a name, a postal code or an INSEE code."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Commune


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
