"""What the blog gives the moderators' « À traiter » page besides its pending posts: the comments
readers reported, to hide or to keep."""

from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cresol.core.wording import count_of
from cresol.moderation.queue import QueueAction, WaitingKind, sender_name

from . import services
from .models import Comment


def _hide(comment: Comment, *, by: Any, reason: str = "") -> None:
    services.comments_hide(queryset=Comment.objects.filter(pk=comment.pk))


def _keep(comment: Comment, *, by: Any, reason: str = "") -> None:
    services.comments_show(queryset=Comment.objects.filter(pk=comment.pk))


FLAGGED_COMMENTS = WaitingKind(
    key="blog.comment",
    section="Blog contributif",
    label=str(_("Commentaires signalés")),
    model=Comment,
    waiting=lambda: Comment.objects.filter(report_count__gt=0, hidden=False).select_related("post", "author"),
    since="last_reported_at",
    describe=lambda comment: (
        f"{comment.post} : « {Truncator(comment.body).chars(160)} » "
        f"({count_of(comment.report_count, _('signalement'), _('signalements'))})",
        sender_name(comment.author),
    ),
    actions=(
        QueueAction("hide", _("Masquer"), _hide),
        QueueAction("keep", _("Garder (oublier les signalements)"), _keep),
    ),
    order=32,
)
