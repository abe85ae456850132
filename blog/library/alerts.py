"""The library for the alerts (cresol.alerts): the resources newly published. Registered in
LibraryConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from cresol.alerts.registry import AlertItem, AlertSource, alert_rows

from .models import Resource


def describe(ids: list[int]) -> dict[int, AlertItem]:
    found = Resource.objects.filter(pk__in=ids).only("title", "slug", "summary", "author_name", "published_at")
    return {r.pk: AlertItem(r.title, r.get_absolute_url(), r.author_name, r.published_at, r.summary) for r in found}


SOURCE = AlertSource(
    key="ressources",
    name=_("Ressources"),
    what=_("les nouvelles ressources"),
    short=_("ressources"),
    list_url="library:list",
    rows=lambda: alert_rows(Resource.objects.published()),
    describe=describe,
    placed=False,
    order=35,
)
