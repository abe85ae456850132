"""An alert's private feeds: what matched it lately, as RSS or Atom, at an address only its owner knows
(`feed_key`). Nothing there that the public lists do not show: the key keeps the alert's criteria private."""

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cresol.core.feeds import tag_uri

from . import services, wording
from .models import Alert
from .registry import AlertItem


class AlertRss(Feed):
    author_name = "Cré-sol"

    def get_object(self, request: HttpRequest, key: str) -> Alert:
        alert = Alert.objects.with_places().filter(feed_key=key, confirmed_at__isnull=False).first()
        if alert is None:
            raise Http404
        return alert

    def title(self, alert: Alert) -> str:
        return f"Cré-sol — alerte {wording.describe(alert)}"

    def link(self, alert: Alert) -> str:
        return "/"

    def description(self, alert: Alert) -> str:
        return "Les contenus publiés ces deux derniers mois qui correspondent à votre alerte."

    def items(self, alert: Alert) -> list[AlertItem]:
        return services.alert_feed_items(alert=alert)

    def item_title(self, item: AlertItem) -> str:
        return item.title

    def item_link(self, item: AlertItem) -> str:
        return settings.SITE_URL + item.path

    def item_guid(self, item: AlertItem) -> str:
        return tag_uri("alertes", item.path.strip("/"))

    item_guid_is_permalink = False

    def item_description(self, item: AlertItem) -> str:
        return f"<p>{escape(item.summary)}</p><p>{escape(item.detail)}</p>"

    def item_pubdate(self, item: AlertItem) -> Any:
        return item.at


class AlertAtom(AlertRss):
    feed_type = Atom1Feed
    subtitle = "Les contenus publiés ces deux derniers mois qui correspondent à votre alerte."
