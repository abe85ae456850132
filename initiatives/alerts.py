"""Archipel O Centre for the alerts (cresol.alerts): the initiatives newly published, placed in their
commune. Registered in InitiativesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from cresol.alerts.registry import AlertItem, AlertSource, alert_rows, commune_array

from .models import Initiative


def describe(ids: list[int]) -> dict[int, AlertItem]:
    found = (
        Initiative.objects.filter(pk__in=ids)
        .select_related("commune")
        .only("name", "slug", "summary", "published_at", "commune__name")
    )
    return {i.pk: AlertItem(i.name, i.get_absolute_url(), i.commune.name, i.published_at, i.summary) for i in found}


SOURCE = AlertSource(
    key="initiatives",
    name=_("Archipel O Centre"),
    what=_("les nouvelles initiatives"),
    short=_("initiatives"),
    list_url="initiatives:list",
    rows=lambda: alert_rows(Initiative.objects.published(), communes=commune_array("commune_id")),
    describe=describe,
    order=10,
)
