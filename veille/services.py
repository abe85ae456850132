"""Sharing links (from fetched items or members), and the weekly digest."""

import logging

from django.db import transaction

from cresol.core.markdown import html_to_text
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_publish, moderation_submit

from .apps import VEILLEURS_GROUP
from .fetching import canonical
from .models import Item, Share

logger = logging.getLogger(__name__)


def is_veilleur(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=VEILLEURS_GROUP).exists()


@transaction.atomic
def share_create(*, by, url: str, title: str, comment: str, description: str = "", themes=(), tags=(),
                 deadline=None, item: Item | None = None) -> Share:  # fmt: skip
    """Share a link: the Veilleurs publish at once, other members' shares go through moderation."""
    share = Share(
        item=item, url=url, canonical_url=canonical(url)[:1000], title=title[:300], description=description,
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
    return Share.objects.filter(canonical_url=canonical(url)[:1000]).exclude(status=Status.REFUSED).first()


def item_dismiss(*, item: Item) -> None:
    Item.objects.filter(pk=item.pk).update(dismissed=True)
