"""The blog for the alerts (cresol.alerts): the posts published (at their publication date, a scheduled
one once it is out). Registered in BlogConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from cresol.alerts.registry import AlertItem, AlertSource, alert_rows

from .models import Post


def _author(post: Post) -> str:
    return post.author.display_name if post.author else ""


def describe(ids: list[int]) -> dict[int, AlertItem]:
    found = (
        Post.objects.filter(pk__in=ids)
        .select_related("author")
        .only("title", "slug", "lead", "publish_at", "author__display_name")
    )
    return {
        p.pk: AlertItem(
            p.title, p.get_absolute_url(), p.author.display_name if p.author else "", p.publish_at, p.lead[:300]
        )
        for p in found
    }


SOURCE = AlertSource(
    key="blog",
    name=_("Blog contributif"),
    what=_("les nouveaux articles"),
    short=_("articles"),
    list_url="blog:index",
    rows=lambda: alert_rows(Post.objects.published(), at="publish_at"),
    describe=describe,
    placed=False,
    order=30,
)
