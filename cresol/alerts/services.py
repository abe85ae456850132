"""Every write of an alert — made from a page's filters, confirmed, changed, deleted — and the run that
sends them all (daily; the weekly ones on Mondays)."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cresol.core.subscriptions import Purpose, Subscriptions
from cresol.outbox.messages import ListMessage, list_headers
from cresol.outbox.services import emails_queue
from cresol.territories.reach import commune_ids

from . import wording
from .matching import Matched, matches
from .models import Alert, Frequency
from .registry import AlertItem, source_of, sources

# Double opt-in and one-click unsubscribe, the shared way (cresol/core/subscriptions.py).
ALERTS = Subscriptions(
    name="alerts",
    rows=lambda: Alert.objects.with_places(),
    address_of=lambda alert: alert.email,
    confirm_view="alerts:confirm",
    leave_view="alerts:unsubscribe",
)
SHOWN = 20  # contents listed in one e-mail; the others are one click away, on the page
BATCH = 500  # alerts locked and sent per transaction
UNCONFIRMED_FOR = timedelta(days=8)  # the confirmation link works a week: the alert is then forgotten
TERRITORY = ["departement", "epci", "pays", "commune", "radius_km"]


def _derive(alert: Alert) -> None:
    alert.communes = commune_ids(
        commune=alert.commune,
        radius_km=alert.radius_km,
        epci=alert.epci,
        pays=alert.pays,
        departement=alert.departement,
    )


@transaction.atomic
def alert_create(*, email: str, data: dict[str, Any], user: Any = None) -> Alert:
    """An alert on the sections `data["sources"]` names, with these criteria. A member's own (verified)
    address is confirmed at once; any other gets the confirmation e-mail first: nothing is sent to an
    address that did not ask."""
    member = user if user is not None and user.is_authenticated else None
    alert = Alert(
        sources=[key for key in data["sources"] if source_of(key) is not None],
        email=email,
        user=member,
        words=(data.get("words") or "").strip(),
        themes=sorted(theme.pk for theme in data.get("themes") or []),
        frequency=data.get("frequency") or Frequency.WEEKLY,
        **{name: data.get(name) for name in TERRITORY},
    )
    _derive(alert)
    alert.full_clean()
    alert.save()
    if member is not None and member.email.lower() == email.lower():
        alert_confirm(alert=alert)
    else:
        ALERTS.ask_confirmation(
            alert,
            subject="[Cré-sol] Confirmez votre alerte",
            template="alerts/email/confirm.txt",
            context={"description": wording.describe(alert)},
        )
    return alert


def alert_confirm(*, alert: Alert, now: datetime | None = None) -> Alert:
    """From now on, what matches is sent: nothing published before."""
    if alert.confirmed_at is None:
        alert.confirmed_at = alert.sent_until = now or timezone.now()
        alert.save(update_fields=["confirmed_at", "sent_until"])
    return alert


def alert_set_frequency(*, alert: Alert, frequency: str) -> Alert:
    alert.frequency = frequency
    alert.full_clean()
    alert.save(update_fields=["frequency"])
    return alert


def alert_set_sources(*, alert: Alert, sources: list[str]) -> Alert:
    alert.sources = sources
    alert.full_clean()
    alert.save(update_fields=["sources"])
    return alert


def alert_delete(*, alert: Alert) -> None:
    """Leaving: the alert and its address are forgotten at once."""
    alert.delete()


def alert_feed_items(
    *, alert: Alert, now: datetime | None = None, days: int = 60, limit: int = 50, only: str = ""
) -> list[AlertItem]:
    """A private feed's contents: what matched in the last `days` in each section it watches (or `only`
    that one), newest first."""
    now = now or timezone.now()
    items: list[AlertItem] = []
    for key in alert.sources:
        source = source_of(key)
        if source is None or (only and key != only):
            continue
        found = matches(source, [alert.pk], since=now - timedelta(days=days), until=now, from_sent=False, first=limit)
        ids = found[alert.pk].first if alert.pk in found else []
        described = source.describe(ids) if ids else {}
        items += [described[pk] for pk in ids if pk in described]
    items.sort(key=lambda item: item.at or now, reverse=True)
    return items[:limit]


def _due(now: datetime, day: date) -> Q:
    """Daily alerts not yet sent on `day`; weekly ones not sent since the Monday of `day`'s week (nor
    confirmed since): Monday's run sends them, and a Monday missed while the worker was down is caught up
    by the next run, once."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    monday = datetime.combine(day - timedelta(days=day.weekday()), time.min, tzinfo=tz)
    daily = Q(frequency=Frequency.DAILY) & (Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=start))
    weekly = Q(frequency=Frequency.WEEKLY) & (
        Q(last_sent_at__lt=monday) | Q(last_sent_at__isnull=True, confirmed_at__lt=monday)
    )
    return (daily | weekly) & Q(confirmed_at__isnull=False, sent_until__lt=now)


def _message(alert: Alert, sections: list[dict[str, Any]], names: dict[int, str]) -> Any:
    unsubscribe = ALERTS.link(alert, Purpose.LEAVE)
    description = wording.describe(alert, names)
    count = sum(section["count"] for section in sections)
    context = {
        "alert": alert,
        "description": description,
        "sections": sections,
        "count": count,
        "site_url": settings.SITE_URL,
        "unsubscribe": unsubscribe,
        "manage_url": settings.SITE_URL + reverse("accounts:member_space") if alert.user_id else "",
    }
    return ListMessage(
        subject=f"[Cré-sol] {count} nouveauté{'s' if count > 1 else ''} — {description}"[:180],
        body=render_to_string("alerts/email/alert.txt", context),
        to=[alert.email],
        headers=list_headers(unsubscribe),
    )


def _match_all(due: list[tuple[int, Any, list[str]]], now: datetime) -> dict[int, list[tuple[Any, Matched]]]:
    """What matched each due alert, in each section it watches: one query per section for them all."""
    found: dict[int, list[tuple[Any, Matched]]] = defaultdict(list)
    for source in sources():
        watching = [(pk, sent_until) for pk, sent_until, keys in due if source.key in keys]
        if not watching:
            continue
        since = min(sent_until for _pk, sent_until in watching)
        matched = matches(source, [pk for pk, _ in watching], since=since, until=now, first=SHOWN)
        for alert_id, one in matched.items():
            found[alert_id].append((source, one))
    return found


def _sections(batch: list[Alert], found: dict[int, list[tuple[Any, Matched]]]) -> dict[int, list[dict[str, Any]]]:
    """Each alert's sections, told: one query per section to describe what the batch's e-mails list."""
    shown: dict[str, set[int]] = defaultdict(set)
    for alert in batch:
        for source, one in found.get(alert.pk, []):
            shown[source.key].update(one.first)
    # Each content's lines, written once: the same contents go to hundreds of alerts.
    lines = {
        key: {pk: _item_lines(item) for pk, item in source.describe(sorted(ids)).items()}
        for key, ids in shown.items()
        if (source := source_of(key)) is not None
    }
    sections: dict[int, list[dict[str, Any]]] = {}
    for alert in batch:
        told = []
        for source, one in found.get(alert.pk, []):
            written = [lines[source.key][pk] for pk in one.first if pk in lines[source.key]]
            more = one.count - len(written)
            if more > 0:
                others = f"{more} autre{'s' if more > 1 else ''}"
                written.append(f"- et {others} : {settings.SITE_URL}{reverse(source.list_url)}\n")
            told.append({"source": source, "text": "".join(written), "count": one.count})
        if told:
            sections[alert.pk] = told
    return sections


def _item_lines(item: AlertItem) -> str:
    detail = f" ({item.detail})" if item.detail else ""
    return f"- {item.title}{detail}\n  {settings.SITE_URL}{item.path}\n"


Found = dict[int, list[tuple[Any, Matched]]]  # alert id -> (source, what matched there) for each section


def _send_batch(batch: list[Alert], found: Found, now: datetime, names: dict[int, str]) -> int:
    sections = _sections(batch, found)
    messages = [_message(alert, sections[alert.pk], names) for alert in batch if alert.pk in sections]
    emails_queue(messages=messages)
    Alert.objects.filter(pk__in=[alert.pk for alert in batch]).update(sent_until=now)
    Alert.objects.filter(pk__in=list(sections)).update(last_sent_at=now)
    return len(messages)


def alerts_send(*, now: datetime | None = None, day: date | None = None) -> int:
    """Send every alert due on `day` (the day the run was scheduled for: a run the worker catches up
    on Tuesday is still Monday's): one e-mail per alert and period, listing what matched since its last
    one. PostgreSQL matches them all at once, one query per section; then, BATCH at a time, the alerts
    are locked and their e-mails queued in the transaction that moves their `sent_until` — an alert sent
    meanwhile by another run (its `sent_until` moved) is left out, so nothing goes twice, even when a run
    is retried. Returns the e-mails queued."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_FOR).delete()
    due = list(Alert.objects.filter(_due(now, day)).order_by("pk").values_list("pk", "sent_until", "sources"))
    if not due:
        return 0
    matched_from = {pk: sent_until for pk, sent_until, _keys in due}
    found = _match_all(due, now)
    names = wording.theme_names()
    queued = 0
    for start in range(0, len(due), BATCH):
        with transaction.atomic():
            locked = (
                Alert.objects.with_places()
                .filter(pk__in=[pk for pk, _since, _keys in due[start : start + BATCH]])
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
            )
            batch = [alert for alert in locked if alert.sent_until == matched_from[alert.pk]]
            queued += _send_batch(batch, found, now, names)
    return queued
