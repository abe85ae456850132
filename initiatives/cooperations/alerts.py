"""The cooperations for the alerts (cresol.alerts): the needs and offers newly published, reaching the
communes of their territory. Registered in CooperationsConfig.ready()."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cresol.alerts.registry import AlertItem, AlertSource, alert_rows

from .models import Cooperation


def describe(ids: list[int]) -> dict[int, AlertItem]:
    found = Cooperation.objects.filter(pk__in=ids).select_related("commune").defer("reach", "commune__geom")
    return {
        c.pk: AlertItem(
            f"{c.get_direction_display()} : {c.title}",
            c.get_absolute_url(),
            f"{c.commune.name}, jusqu'au {c.ends_on:%d/%m/%Y}",
            c.published_at,
            c.description[:300],
        )
        for c in found
    }


SOURCE = AlertSource(
    key="cooperations",
    name=_("Coopérations"),
    what=_("les nouveaux besoins et offres de coopération"),
    short=_("coopérations"),
    list_url="cooperations:list",
    rows=lambda: alert_rows(Cooperation.objects.current(), communes=F("reach")),
    describe=describe,
    order=15,
)
