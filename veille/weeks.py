"""The watch's weeks: an ISO week's bounds and its shares (the week pages, /veille/semaine/<week>/)."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from cresol.moderation.models import Status

from .models import Share


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
