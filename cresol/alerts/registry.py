"""What an alert can watch, registered by each section in its AppConfig.ready() (cresol imports none):
its published contents, shaped for the matching (`alert_rows`), and how to tell them in an e-mail or a
feed (`describe`)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import F, Func, IntegerField, OuterRef, QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class AlertItem:
    title: str
    path: str  # its page on the portal
    detail: str = ""  # one line: a commune, a date
    at: datetime | None = None  # when it was published
    summary: str = ""


@dataclass(frozen=True)
class AlertSource:
    key: str  # "initiatives"
    name: str | Promise  # "Archipel O Centre", as people know the section
    what: str | Promise  # "les nouvelles initiatives", what the alert tells of
    short: str | Promise  # "initiatives": in an alert's description
    list_url: str  # the URL name of the page whose filters an alert keeps
    rows: Callable[[], QuerySet[Any]]  # alert_rows(...) of the published contents
    describe: Callable[[list[int]], dict[int, AlertItem]]  # these contents by id, in one or two queries
    placed: bool = True  # whether its contents have a place (else the alert's territory is not asked)
    ical: Callable[[list[int]], bytes] | None = None  # an iCalendar of these ids (the agenda's events)
    order: int = 100


_sources: dict[str, AlertSource] = {}


def register(source: AlertSource) -> None:
    _sources[source.key] = source


def sources() -> list[AlertSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def source_of(key: str) -> AlertSource | None:
    return _sources.get(key)


def commune_array(column: str) -> Func:
    """A content's commune as an array of one id, empty when it has none (an online event)."""
    return Func(
        F(column),
        template="array_remove(ARRAY[%(expressions)s]::integer[], NULL)",
        output_field=ArrayField(IntegerField()),
    )


def alert_rows(queryset: QuerySet[Any], *, at: str = "published_at", communes: Any = None) -> QuerySet[Any]:
    """The contents as the matching reads them: (id, published at, communes, themes, search vector), in
    this order. `communes` is an expression of the content's communes (commune_array("commune_id"), a
    stored array), None for contents that have no place. Their themes are the `themes` many-to-many."""
    field: Any = queryset.model._meta.get_field("themes")  # a ManyToManyField
    through = field.remote_field.through
    themes = through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")}).values(
        f"{field.m2m_reverse_field_name()}_id"
    )
    empty = Func(template="'{}'::integer[]", output_field=ArrayField(IntegerField()))
    return queryset.annotate(
        alert_at=F(at),
        alert_communes=communes if communes is not None else empty,
        alert_themes=ArraySubquery(themes),
        alert_vector=F("search_vector"),
    ).values_list("pk", "alert_at", "alert_communes", "alert_themes", "alert_vector")
