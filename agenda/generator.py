"""Plausible events for the demo (`make run`) and for scale tests (`seed_events`), all marked as demo."""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from cresol.moderation.models import Status
from cresol.themes.models import Theme
from initiatives.models import Initiative

from .models import Attendance, Event, Kind, Price
from .recurrence import PARIS
from .services import events_create

TITLES = [
    ("Repair café", Kind.ATELIER, "reemploi-zero-dechet"),
    ("Atelier vélo participatif", Kind.ATELIER, "mobilite"),
    ("Marché de producteurs", Kind.MARCHE, "alimentation-agriculture"),
    ("Ciné-débat : les communs", Kind.PROJECTION, "cooperation-innovation-sociale"),
    ("Formation : créer sa coopérative", Kind.FORMATION, "emploi-insertion"),
    ("Chantier participatif éco-construction", Kind.CHANTIER, "habitat"),
    ("Conférence : l'énergie citoyenne", Kind.CONFERENCE, "energie-climat"),
    ("Permanence numérique libre", Kind.ATELIER, "numerique-libre"),
    ("Visite d'une ressourcerie", Kind.VISITE, "reemploi-zero-dechet"),
    ("Assemblée des habitants", Kind.REUNION, "democratie-participative"),
    ("Festival des solidarités", Kind.FESTIVAL, "sante-solidarites"),
    ("Café des tiers-lieux", Kind.REUNION, "tiers-lieux"),
    ("Atelier monnaie locale", Kind.ATELIER, "finance-solidaire-monnaies-locales"),
    ("Soirée contes et éducation populaire", Kind.AUTRE, "culture-education-populaire"),
]
DEMO_NOTE = "*Donnée de démonstration : cet événement est fictif.*"


def build(
    count: int, *, seed: int = 2026, spread_days: int = 90, past: int = 0, status: str = Status.PUBLISHED
) -> list[tuple[Event, list[Theme]]]:
    """`count` unsaved events with their themes; some weekly or monthly, some online, one cancelled."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    places = list(Initiative.objects.published().select_related("commune").order_by("pk")[:400])
    today = timezone.localdate()
    published = status == Status.PUBLISHED
    built = []
    for index in range(count):
        title, kind, theme_slug = TITLES[index % len(TITLES)]
        place = places[index % len(places)] if places else None
        offset = -rng.randint(1, 60) if index < past else rng.randint(0, spread_days)
        day = today + timedelta(days=offset)
        start = datetime.combine(day, time(rng.choice([9, 10, 14, 18, 20]), rng.choice([0, 30])), tzinfo=PARIS)
        online = index % 9 == 4
        event = Event(
            summary="Ouvert à toutes et à tous, sans inscription.",
            kind=kind,
            description=f"{DEMO_NOTE}\n\nVenez comme vous êtes : on apprend ensemble.",
            start=start,
            end=start + timedelta(hours=rng.choice([1, 2, 3])),
            organiser_initiative=place,
            price=rng.choice([Price.FREE, Price.FREE, Price.PAY_WHAT_YOU_CAN, Price.PAID]),
            accessibility="Lieu de plain-pied, accessible en fauteuil.",
            status=status,
            published_at=timezone.now() if published else None,
            submitted_at=timezone.now() if status != Status.DRAFT else None,
            is_demo=True,
            **_where(title, place, online),
        )
        if event.price == Price.PAID:
            event.price_details = "5 € / 3 € tarif réduit"
        if index >= past:
            _repeat(event, index, day)
        event.cancelled = index == past + 3
        built.append((event, [themes[theme_slug]] if theme_slug in themes else []))
    return built


def _where(title: str, place: Initiative | None, online: bool) -> dict[str, object]:
    """The title and venue fields of a demo event: online, or at an initiative's place."""
    if online or place is None:
        return {
            "title": f"{title} (en ligne)",
            "attendance": Attendance.ONLINE if online else Attendance.ON_SITE,
            "online_url": "https://visio.example.org/salle-cresol" if online else "",
        }
    return {
        "title": f"{title} — {place.commune.name}",
        "attendance": Attendance.ON_SITE,
        "place_initiative": place,
        "venue_name": place.name,
        "address": place.address,
        "commune": place.commune,
        "point": place.point,
    }


def _repeat(event: Event, index: int, day: date) -> None:
    """One upcoming event in ten repeats weekly for twelve weeks, one in ten monthly six times."""
    if index % 10 == 0:
        event.frequency, event.weekdays = "WEEKLY", [day.weekday()]
        event.until = day + timedelta(days=84)
    elif index % 10 == 5:
        event.frequency, event.monthly_mode, event.count = "MONTHLY", "weekday", 6


def save_generated(built: Any, *, slug_prefix: str = "") -> list[Event]:
    """Store generated events through the section's batch service, with their themes and dates."""
    text = f"{DEMO_NOTE}\n\nVenez comme vous êtes : on apprend ensemble."
    themes_by_event = {}
    for position, (event, themes) in enumerate(built):
        event.slug = f"{slug_prefix}{slugify(event.title)[:120]}-{position + 1}"
        event.description = text  # rendered by the batch service, as every write
        themes_by_event[id(event)] = themes
    events = [event for event, _ in built]
    return events_create(events=events, themes_of=lambda event: themes_by_event[id(event)])
