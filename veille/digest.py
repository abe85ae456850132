"""The weekly e-mail digest: double opt-in, one-click unsubscribe, at most once a week per person."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cresol.core.subscriptions import Purpose, Subscriptions
from cresol.moderation.models import Status
from cresol.outbox.messages import ListMessage, list_headers

from .models import DigestSubscription, Share

# The digest's double opt-in links (a member subscribes at once; the confirmation links sent before that
# keep working their week). Leaving keeps the member's themes for a comeback (services.digest_unsubscribe).
SUBSCRIPTIONS = Subscriptions(
    name="veille.digest",
    rows=DigestSubscription.objects.select_related("user").all,
    address_of=lambda subscription: subscription.user.email,
    confirm_view="veille:digest_confirm",
    leave_view="veille:digest_unsubscribe",
)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[datetime, datetime]:
    """The [Monday 00:00, next Monday 00:00) of an ISO week, in the portal's time zone."""
    year, number = week.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    tz = timezone.get_current_timezone()
    return datetime.combine(monday, time.min, tzinfo=tz), datetime.combine(
        monday + timedelta(days=7), time.min, tzinfo=tz
    )


def shares_of_week(week: str, themes: Any = None) -> Any:
    first, last = week_bounds(week)
    shares = Share.objects.filter(status=Status.PUBLISHED, published_at__gte=first, published_at__lt=last)
    if themes:
        shares = shares.filter(themes__in=themes).distinct()
    return shares.order_by("-published_at")


def send(subscription: Any, shares: Any, week: str) -> None:
    """Queue one member's digest of the week (through the outbox)."""
    unsubscribe = SUBSCRIPTIONS.link(subscription, Purpose.LEAVE)
    context = {
        "shares": shares,
        "week": week,
        "unsubscribe": unsubscribe,
        "user": subscription.user,
        "week_url": settings.SITE_URL + reverse("veille:week", args=[week]),
    }
    message = ListMessage(
        subject=f"[Cré-sol] La veille de la semaine {week}",
        body=render_to_string("veille/email/digest.txt", context),
        to=[subscription.user.email],
        headers=list_headers(unsubscribe),
    )
    message.send()
