"""The outside sources the sections read (FetchState models: partners' calendars, watched feeds), so that
the health page lists them without importing the sections."""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class WatchedSources:
    model: type[Any]  # a FetchState model with `name` and `active`
    label: str  # what staff call them, e.g. "Agendas partenaires"
    order: int = 100

    def change_url(self, obj: Any) -> str:
        meta = self.model._meta
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        except NoReverseMatch:
            return ""


_sources: dict[type[Any], WatchedSources] = {}


def register_sources(model: type[Any], *, label: str, order: int = 100) -> None:
    _sources[model] = WatchedSources(model=model, label=label, order=order)


def watched_sources() -> list[WatchedSources]:
    return sorted(_sources.values(), key=lambda entry: (entry.order, entry.label))
