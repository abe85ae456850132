"""The watch for the alerts (cresol.alerts): the links newly shared. A weekly alert without criteria is
what the Monday digest was (its subscribers became such alerts: migration 0006_digest_to_alerts).
Registered in VeilleConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from cresol.alerts.registry import AlertItem, AlertSource, alert_rows

from .models import Share


def describe(ids: list[int]) -> dict[int, AlertItem]:
    found = Share.objects.filter(pk__in=ids).only("title", "comment", "published_at")
    return {s.pk: AlertItem(s.title, s.get_absolute_url(), "", s.published_at, s.comment[:300]) for s in found}


SOURCE = AlertSource(
    key="veille",
    name=_("Veille partagée"),
    what=_("les nouveaux liens partagés"),
    short=_("liens de la veille"),
    list_url="veille:index",
    rows=lambda: alert_rows(Share.objects.published()),
    describe=describe,
    placed=False,
    order=40,
)
