"""Sharing links (from fetched items or members), and the links of the former weekly digest."""

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.db.models import Q

from cresol.accounts.models import User
from cresol.alerts.models import Alert
from cresol.alerts.services import alert_delete, alert_set_sources
from cresol.core.fetch import FetchError
from cresol.core.markdown import html_to_text
from cresol.core.services import fetch_failed, fetch_succeeded
from cresol.core.subscriptions import Purpose
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_publish, moderation_submit

from .apps import VEILLEURS_GROUP
from .fetching import WORKERS, SourceReport, canonical, download, items_cutoff, parse_items
from .models import Item, Share, Source

logger = logging.getLogger(__name__)
# The name the former digest signed its links with (cresol.core.subscriptions.Subscriptions.name).
DIGEST_LINKS = "veille.digest"


def is_veilleur(user: Any) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=VEILLEURS_GROUP).exists())


def veilleurs_add(*, users: Iterable[User]) -> None:
    """Members whose shares are published at once, without review."""
    Group.objects.get_or_create(name=VEILLEURS_GROUP)[0].user_set.add(*users)


def veilleurs_remove(*, users: Iterable[User]) -> None:
    Group.objects.get_or_create(name=VEILLEURS_GROUP)[0].user_set.remove(*users)


@transaction.atomic
def share_create(
    *,
    by: User | None,
    url: str,
    title: str,
    comment: str,
    description: str = "",
    themes: Any = (),
    tags: Any = (),
    deadline: date | None = None,
    item: Item | None = None,
    publish: bool = False,
) -> Share:
    """Share a link: the Veilleurs (and trusted partners, `publish`) publish at once, other members'
    shares go through moderation."""
    share = Share(
        item=item,
        url=url,
        canonical_url=canonical_address(url),
        title=title[:300],
        description=description,
        comment=comment,
        deadline=deadline,
        submitted_by=by,
        status=Status.DRAFT,
    )
    share.full_clean()
    share.save()
    share.themes.set(themes)
    share.tags.set(list(tags))
    if publish or is_veilleur(by):
        moderation_publish(obj=share, by=by)  # logged, and nobody is asked to review it
    else:
        moderation_submit(obj=share, by=by)
    return share


def share_item(
    *, item: Item, by: User | None, comment: str, themes: Any = (), tags: Any = (), deadline: date | None = None
) -> Share:
    """A veilleur shares a fetched item in one step."""
    return share_create(
        by=by,
        url=item.link,
        title=item.title,
        description=html_to_text(item.summary)[:2000],
        comment=comment,
        themes=themes or list(item.source.themes.all()),
        tags=tags,
        deadline=deadline,
        item=item,
    )


def already_shared(url: str) -> Share | None:
    return Share.objects.filter(canonical_url=canonical_address(url)).exclude(status=Status.REFUSED).first()


def canonical_address(url: str) -> str:
    """The address shares are compared by (tracking parameters gone, see fetching.canonical), as stored."""
    return canonical(url)[:1000]


@transaction.atomic
def share_admin_save(*, share: Share, save_relations: Callable[[], None] | None = None) -> Share:
    """Staff's edit in the admin: the address compared for duplicates follows the address, as in
    share_create."""
    share.canonical_url = canonical_address(share.url)
    share.full_clean()
    share.save()
    if save_relations is not None:
        save_relations()
    return share


def share_demo_backdate(*, share: Share, published_at: datetime | None) -> None:
    """The demo's fiction: a demo share dated in the past two weeks, so that the feed reads like a real one."""
    share.published_at, share.is_demo = published_at, True
    share.save(update_fields=["published_at", "is_demo"])


@transaction.atomic
def source_save(*, source: Source, themes: Any = None, save_relations: Callable[[], None] | None = None) -> Source:
    """Staff add or change a followed source (its address, themes, whether it is read)."""
    source.full_clean()
    source.save()
    if themes is not None:
        source.themes.set(themes)
    if save_relations is not None:
        save_relations()
    return source


def item_admin_save(*, item: Item) -> Item:
    """Staff correct a fetched item (a title, a summary) or put it aside."""
    item.full_clean()
    item.save()
    return item


def digest_link_address(token: str) -> str | None:
    """The address an unsubscribe link of the former weekly digest was signed for, if it is genuine.
    Its subscribers became weekly alerts on the watch (migration 0006_digest_to_alerts); the links in
    the digests already sent must still stop what the address receives."""
    try:
        data = signing.loads(token, salt=f"{DIGEST_LINKS}.{Purpose.LEAVE}")
    except signing.BadSignature:
        return None
    email = data.get("e") if isinstance(data, dict) else None
    return email if isinstance(email, str) and email else None


@transaction.atomic
def digest_leave(*, email: str) -> int:
    """An address leaves from a former digest's link: its alerts stop watching the watch (an alert that
    watched nothing else is deleted). Returns how many alerts changed."""
    alerts = list(Alert.objects.filter(sources__contains=["veille"], email__iexact=email))
    for alert in alerts:
        if alert.sources == ["veille"]:
            alert_delete(alert=alert)
        else:
            alert_set_sources(alert=alert, sources=[key for key in alert.sources if key != "veille"])
    return len(alerts)


def item_dismiss(*, item: Item) -> None:
    Item.objects.filter(pk=item.pk).update(dismissed=True)


def items_prune(*, now: datetime | None = None, batch: int = 5000) -> int:
    """Forget the fetched items older than WATCH_ITEMS_KEPT_DAYS (by publication date, else by fetch
    date), a batch at a time. Shares stay whole: they are the network's choices, items only the raw
    material (a share keeps its address, title and comment; only its link to the item goes)."""
    cutoff = items_cutoff(now)
    old = Item.objects.filter(Q(published_at__lt=cutoff) | Q(published_at__isnull=True, fetched_at__lt=cutoff))
    deleted = 0
    while ids := list(old.values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            Share.objects.filter(item_id__in=ids).update(item=None)
            deleted += Item.objects.filter(pk__in=ids).delete()[0]
    return deleted


def items_store(*, source: Source, items: list[Item]) -> int:
    """Keep a source's parsed items not already known (by their entry's id); returns how many are new."""
    # Entries older than the watch keeps would come back after each pruning.
    cutoff = items_cutoff()
    items = [item for item in items if not (item.published_at and item.published_at < cutoff)]
    before = Item.objects.filter(source=source).count()
    Item.objects.bulk_create(items, ignore_conflicts=True, batch_size=500)
    return Item.objects.filter(source=source).count() - before


def sources_fetch(sources: Iterable[Source], *, workers: int = WORKERS) -> list[SourceReport]:
    """Fetch the sources (downloads in parallel threads, see fetching) and keep their new items. A source
    that fails is recorded with its error and tried again later (backoff); it never stops the others.
    Inserts rely on the (source, entry_id) unique constraint: a run repeated adds nothing."""
    reports = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for source, result, error in pool.map(download, list(sources)):
            report = SourceReport(source=source)
            if error or result is None:
                report.error = error
                fetch_failed(source, error)
            elif result.not_modified:
                report.not_modified = True
                fetch_succeeded(source, status="inchangé (304)")
            else:
                try:
                    items = parse_items(result.content, source, base_url=result.url, content_type=result.content_type)
                except FetchError as parse_error:
                    report.error = str(parse_error)
                    fetch_failed(source, report.error)
                else:
                    report.new_items = items_store(source=source, items=items)
                    fetch_succeeded(
                        source,
                        status=f"{report.new_items} nouveau(x) sur {len(items)}",
                        etag=result.etag,
                        last_modified=result.last_modified,
                    )
            reports.append(report)
    return reports
