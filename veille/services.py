"""Sharing links (from fetched items or members), and the weekly digest."""

import logging

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from cresol.core.markdown import html_to_text
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_publish, moderation_submit

from .apps import VEILLEURS_GROUP
from .fetching import canonical, items_cutoff
from .models import Item, Share

logger = logging.getLogger(__name__)


def is_veilleur(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=VEILLEURS_GROUP).exists()


def veilleurs_add(*, users) -> None:
    """Members whose shares are published at once, without review."""
    Group.objects.get_or_create(name=VEILLEURS_GROUP)[0].user_set.add(*users)


def veilleurs_remove(*, users) -> None:
    Group.objects.get_or_create(name=VEILLEURS_GROUP)[0].user_set.remove(*users)


@transaction.atomic
def share_create(*, by, url: str, title: str, comment: str, description: str = "", themes=(), tags=(),
                 deadline=None, item: Item | None = None) -> Share:  # fmt: skip
    """Share a link: the Veilleurs publish at once, other members' shares go through moderation."""
    share = Share(
        item=item, url=url, canonical_url=canonical_address(url), title=title[:300], description=description,
        comment=comment, deadline=deadline, submitted_by=by, status=Status.DRAFT,
    )  # fmt: skip
    share.full_clean()
    share.save()
    share.themes.set(themes)
    share.tags.set(list(tags))
    if is_veilleur(by):
        moderation_publish(obj=share, by=by)  # logged, and nobody is asked to review it
    else:
        moderation_submit(obj=share, by=by)
    return share


def share_item(*, item: Item, by, comment: str, themes=(), tags=(), deadline=None) -> Share:
    """A veilleur shares a fetched item in one step."""
    return share_create(
        by=by, url=item.link, title=item.title, description=html_to_text(item.summary)[:2000], comment=comment,
        themes=themes or list(item.source.themes.all()), tags=tags, deadline=deadline, item=item,
    )  # fmt: skip


def already_shared(url: str):
    return Share.objects.filter(canonical_url=canonical_address(url)).exclude(status=Status.REFUSED).first()


def canonical_address(url: str) -> str:
    """The address shares are compared by (tracking parameters gone, see fetching.canonical), as stored."""
    return canonical(url)[:1000]


def item_dismiss(*, item: Item) -> None:
    Item.objects.filter(pk=item.pk).update(dismissed=True)


def items_prune(*, now=None, batch: int = 5000) -> int:
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
