"""The weekly e-mail digest: double opt-in, one-click unsubscribe, at most once a week per person."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cresol.moderation.models import Status
from cresol.outbox.messages import ListMessage, list_headers

from .models import DigestSending, DigestSubscription, Share

CONFIRM_SALT = "veille.digest.confirm"
UNSUBSCRIBE_SALT = "veille.digest.unsubscribe"


def token(subscription: DigestSubscription, salt: str) -> str:
    return signing.dumps({"s": subscription.pk}, salt=salt, compress=True)


def subscription_from(token_value: str, salt: str, *, max_age=None) -> DigestSubscription | None:
    try:
        data = signing.loads(token_value, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return DigestSubscription.objects.filter(pk=data.get("s")).select_related("user").first()


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


def shares_of_week(week: str, themes=None):
    first, last = week_bounds(week)
    shares = Share.objects.filter(status=Status.PUBLISHED, published_at__gte=first, published_at__lt=last)
    if themes:
        shares = shares.filter(themes__in=themes).distinct()
    return shares.order_by("-published_at")


def _send(subscription, shares, week: str) -> None:
    unsubscribe = settings.SITE_URL + reverse("veille:digest_unsubscribe", args=[token(subscription, UNSUBSCRIBE_SALT)])
    context = {"shares": shares, "week": week, "unsubscribe": unsubscribe, "user": subscription.user,
               "week_url": settings.SITE_URL + reverse("veille:week", args=[week])}  # fmt: skip
    message = ListMessage(
        subject=f"[Cré-sol] La veille de la semaine {week}",
        body=render_to_string("veille/email/digest.txt", context),
        to=[subscription.user.email],
        headers=list_headers(unsubscribe),
    )
    message.send()


def send_digest(*, week: str) -> tuple[int, int]:
    """Queue the digest of `week` for every confirmed subscriber. Returns (queued, skipped).

    Exactly once per person and week: the DigestSending row (unique) and the queued e-mail are committed
    together, and the outbox delivers each e-mail once, retrying while the mail server refuses it.
    """
    sent = skipped = 0
    subscriptions = DigestSubscription.objects.filter(confirmed=True, active=True, user__is_active=True)
    for subscription in subscriptions.select_related("user").prefetch_related("themes"):
        shares = list(shares_of_week(week, list(subscription.themes.all())).prefetch_related("themes")[:50])
        if not shares or not subscription.user.email:
            skipped += 1
            continue
        try:
            with transaction.atomic():
                DigestSending.objects.create(user=subscription.user, week=week)
                _send(subscription, shares, week)
        except IntegrityError:
            skipped += 1
            continue
        sent += 1
    return sent, skipped
