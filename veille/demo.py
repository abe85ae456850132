"""Demo content of the Veille partagée for `make run`: 10 sources read from stored sample feeds (no
network needed), their items, and about 40 shares with comments and a few deadlines."""

from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from cresol.core.services import fetch_failed
from cresol.themes.models import Theme

from . import services
from .fetching import parse_items
from .models import Item, Source

FEEDS = Path(__file__).resolve().parent / "demo_feeds"
SOURCES = [
    ("ess-france", "ESS France — actualités", "cooperation-innovation-sociale"),
    ("avise", "Avise — innovation sociale", "cooperation-innovation-sociale"),
    ("monnaies-locales", "Mouvement des monnaies locales", "finance-solidaire-monnaies-locales"),
    ("tiers-lieux", "France Tiers-Lieux", "tiers-lieux"),
    ("reemploi", "Réseau des ressourceries", "reemploi-zero-dechet"),
    ("energie-citoyenne", "Énergie partagée", "energie-climat"),
    ("numerique-libre", "Numérique libre et communs", "numerique-libre"),
    ("alimentation", "Réseau des AMAP", "alimentation-agriculture"),
    ("habitat", "Habitat participatif", "habitat"),
    ("region-appels", "Appels à projets en région", "emploi-insertion"),
]
COMMENTS = [
    "Utile pour les porteurs de projets qui cherchent un premier financement.",
    "Une bonne synthèse à faire circuler dans les conseils d'administration.",
    "À lire avant la prochaine rencontre régionale : plusieurs membres sont concernés.",
    "Des idées concrètes, faciles à reprendre dans un tiers-lieu rural.",
]


def load_demo(stdout: TextIO) -> None:
    users = list(get_user_model().objects.filter(email__endswith="@example.org"))
    services.veilleurs_add(users=users[:2])
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    items: list[Item] = []
    for slug, name, theme_slug in SOURCES:
        feed_url = f"https://{slug}.example.org/flux.xml"
        source = Source.objects.filter(feed_url=feed_url).first() or Source(
            feed_url=feed_url,
            name=f"{name} (démonstration)",
            site_url=f"https://{slug}.example.org/",
            last_status="flux de démonstration, non récupéré",
        )
        services.source_save(source=source, themes=[themes[theme_slug]] if theme_slug in themes else [])
        services.items_store(source=source, items=parse_items((FEEDS / f"{slug}.xml").read_bytes(), source))
        items.extend(Item.objects.filter(source=source).order_by("-published_at"))
    # Shared by the demo's veilleurs through the service (published at once, logged), then dated over
    # the past two weeks so that the feed reads like a real one: the dates are the demo's fiction.
    now = timezone.now()
    sharers = users[:2]
    shares = 0
    for index, item in enumerate(items[:40] if sharers else []):
        share = services.share_item(
            item=item,
            by=sharers[index % len(sharers)],
            comment=COMMENTS[index % len(COMMENTS)],
            deadline=(timezone.localdate() + timedelta(days=10 + index * 3)) if index % 8 == 0 else None,
        )
        services.share_demo_backdate(share=share, published_at=now - timedelta(hours=index * 9))
        shares += 1
    _failing_source(now)
    stdout.write(f"  {len(SOURCES)} sources, {len(items)} articles récupérés, {shares} partages, 1 source en échec")


def _failing_source(now: datetime) -> None:
    """A partner whose feed vanished five days ago: what the health page and the weekly summary show."""
    feed_url = "https://collectif-disparu.example.org/feed/"
    source = Source.objects.filter(feed_url=feed_url).first()
    if source is None:
        source = services.source_save(
            source=Source(feed_url=feed_url, name="Collectif disparu (démonstration)"), themes=[]
        )
    if not source.consecutive_failures:
        for hours_ago in (120, 96, 72, 48, 24):
            fetch_failed(
                source,
                "HTTP 404 Not Found : le flux n'existe plus à cette adresse",
                now=now - timedelta(hours=hours_ago),
            )
