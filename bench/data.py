"""The volumes the benchmarks run on, created once in the bench database and kept between runs:
20,000 initiatives, 10,000 upcoming dates, 3,000 posts, 10,000 shares and 100,000 watch items."""

from datetime import timedelta

INITIATIVES = 20_000
UPCOMING_DATES = 10_000
POSTS = 3_000
SHARES = 10_000
ITEMS = 100_000


def ensure_initiatives(count: int = INITIATIVES) -> None:
    from django.core.management import call_command

    from initiatives.models import Initiative

    missing = count - Initiative.objects.published().count()
    if missing > 0:
        print(f"Seeding {missing:,} initiatives…", flush=True)
        call_command("seed_initiatives", count=missing, seed=count)


def ensure_upcoming_dates(count: int = UPCOMING_DATES) -> None:
    from django.core.management import call_command

    from agenda.models import Occurrence

    while (upcoming := Occurrence.objects.upcoming().count()) < count:
        missing = count - upcoming
        print(f"Seeding events for {missing:,} more upcoming dates…", flush=True)
        call_command("seed_events", count=max(missing // 2, 50), seed=missing, days=365)


def ensure_posts(count: int = POSTS) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from blog.models import Post
    from cresol.core.markdown import render_markdown
    from cresol.moderation.models import Status
    from cresol.themes.models import Theme

    missing = count - Post.objects.published().count()
    if missing <= 0:
        return
    print(f"Creating {missing:,} posts…", flush=True)
    author, _ = get_user_model().objects.get_or_create(
        username="bench-autrice", defaults={"email": "bench-autrice@example.org", "display_name": "Autrice du banc"}
    )
    body = "\n\n".join(
        f"## Partie {n}\n\nUn retour d'expérience sur la **coopération** entre associations du territoire, "
        "avec ses réussites et ses difficultés, pour que d'autres s'en inspirent."
        for n in range(1, 6)
    )
    body_html = render_markdown(body)
    now = timezone.now()
    start = Post.objects.count()
    posts = Post.objects.bulk_create(
        (
            Post(
                title=f"Retour d'expérience {start + n}",
                slug=f"retour-experience-{start + n}",
                lead="Ce que nous avons appris en coopérant.",
                body=body,
                body_html=body_html,
                author=author,
                status=Status.PUBLISHED,
                published_at=now - timedelta(hours=start + n),
                publish_at=now - timedelta(hours=start + n),
                is_demo=True,
            )
            for n in range(missing)
        ),
        batch_size=1000,
    )
    themes = list(Theme.objects.all())
    if themes:
        through = Post.themes.through
        through.objects.bulk_create(
            (through(post_id=post.pk, theme_id=themes[post.pk % len(themes)].pk) for post in posts), batch_size=5000
        )


def ensure_watch(items: int = ITEMS, shares: int = SHARES) -> None:
    from django.db import connection
    from django.utils import timezone

    from cresol.moderation.models import Status
    from veille.models import Item, Share, Source

    source, _ = Source.objects.get_or_create(feed_url="https://volume.example.org/rss", defaults={"name": "Volume"})
    missing = items - Item.objects.count()
    if missing > 0:
        print(f"Creating {missing:,} items…", flush=True)
        now = timezone.now()
        start = Item.objects.filter(source=source).count()
        Item.objects.bulk_create(
            (
                Item(
                    source=source,
                    entry_id=f"v{start + n}",
                    title=f"Article {start + n}",
                    link=f"https://volume.example.org/{start + n}",
                    canonical_link=f"https://volume.example.org/{start + n}",
                    published_at=now - timedelta(minutes=start + n),
                )
                for n in range(missing)
            ),
            batch_size=5000,
        )
    missing_shares = shares - Share.objects.count()
    if missing_shares > 0:
        print(f"Creating {missing_shares:,} shares…", flush=True)
        now = timezone.now()
        Share.objects.bulk_create(
            (
                Share(
                    url=f"https://volume.example.org/s{n}",
                    canonical_url=f"https://volume.example.org/s{n}",
                    title=f"Partage {n}",
                    comment="Utile.",
                    status=Status.PUBLISHED,
                    published_at=now - timedelta(minutes=n),
                    is_demo=True,
                )
                for n in range(missing_shares)
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE veille_item, veille_share")


def ensure_all(initiatives: int = INITIATIVES) -> None:
    """Every volume, with `initiatives` published initiatives (bench/growth.py seeds other sizes)."""
    ensure_initiatives(initiatives)
    ensure_upcoming_dates()
    ensure_posts()
    ensure_watch()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
