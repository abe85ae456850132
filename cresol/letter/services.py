"""Every write of the letter: composing a month's draft, staff's edits, sending it once, and the
subscribers' double opt-in and one-click unsubscribe."""

import re
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import formats, timezone

from cresol.accounts.models import User
from cresol.core.jobs import defer_in_transaction
from cresol.core.markdown import render_markdown
from cresol.core.subscriptions import Purpose, Subscriptions
from cresol.outbox.messages import ListMessage, list_headers

from .models import Delivery, Letter, Subscriber
from .registry import Period, registered_blocks

# The letter's double opt-in: confirmed addresses receive it; leaving forgets the address.
SUBSCRIPTIONS = Subscriptions(
    name="letter",
    rows=Subscriber.objects.all,
    address_of=lambda subscriber: subscriber.email,
    confirm_view="letter:confirm",
    leave_view="letter:unsubscribe",
)
# Characters that Markdown would read as markup in a title written into the letter.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


class AlreadySent(Exception):
    """A letter that went out is archived as it was sent: it is neither composed nor edited again."""


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(month: date) -> Period:
    zone = timezone.get_current_timezone()

    def at(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=zone)

    return Period(first=at(month), last=at(add_months(month, 1)), next_last=at(add_months(month, 2)))


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def composed_body(month: date) -> str:
    """The month's letter in Markdown, from every registered block that has something to say."""
    period = period_of(month)
    label = formats.date_format(month, "F Y")
    next_label = formats.date_format(add_months(month, 1), "F Y")
    parts = [
        f"Bonjour,\n\nVoici ce qui s'est passé sur le portail du Cré-sol en {label}, et ce qui vous attend "
        f"en {next_label}. Bonne lecture, et n'hésitez pas à transmettre cette lettre autour de vous !"
    ]
    for block in registered_blocks():
        items = block.items(period)
        if not items:
            continue
        lines = [f"## {block.title}", ""]
        for item in items:
            line = f"- [{_escaped(item.title)}]({settings.SITE_URL}{item.path})"
            lines.append(f"{line} — {_escaped(item.detail)}" if item.detail else line)
        parts.append("\n".join(lines))
    if len(parts) == 1:
        parts.append(
            "Le portail a été calme ce mois-ci : c'est le moment d'y proposer votre initiative, "
            "votre événement ou votre article !"
        )
    parts.append(f"Toute l'actualité du réseau sur [le portail du Cré-sol]({settings.SITE_URL}/).")
    return "\n\n".join(parts) + "\n"


def letter_render(*, letter: Letter) -> None:
    """The letter's HTML (its page, the e-mail's HTML part), rendered once at each write."""
    letter.body_html = render_markdown(letter.body)


@transaction.atomic
def letter_compose(*, month: date) -> Letter:
    """The month's draft, composed anew from the portal (a draft's edits are replaced)."""
    month = month_start(month)
    letter = Letter.objects.select_for_update().filter(month=month).first() or Letter(month=month)
    if letter.is_sent:
        raise AlreadySent(letter)
    letter.subject = f"La lettre du Cré-sol — {formats.date_format(month, 'F Y')}"
    letter.body = composed_body(month)
    letter.full_clean()
    letter_render(letter=letter)
    letter.save()
    return letter


def letter_save(*, letter: Letter) -> Letter:
    """Staff's edit in the admin: an empty content is composed, a sent letter stays as it went out."""
    if letter.pk and Letter.objects.filter(pk=letter.pk, sent_at__isnull=False).exists():
        raise AlreadySent(letter)
    letter.month = month_start(letter.month)
    if not letter.body.strip():
        letter.body = composed_body(letter.month)
    if not letter.subject.strip():
        letter.subject = f"La lettre du Cré-sol — {formats.date_format(letter.month, 'F Y')}"
    letter.full_clean()
    letter_render(letter=letter)
    letter.save()
    return letter


def letters_delete(*, queryset: QuerySet[Any]) -> int:
    """Staff delete letters not sent yet; a sent letter stays, as the archive of what went out."""
    count, _deleted = queryset.filter(sent_at__isnull=True).delete()
    return count


@transaction.atomic
def letter_send(*, letter: Letter, by: User | None) -> bool:
    """Mark the letter sent and queue its delivery to every confirmed subscriber. False, and nothing
    done, when it was sent already: a second press, or two staff at once (the row is locked)."""
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.is_sent:
        return False
    locked.sent_at, locked.sent_by = timezone.now(), by
    locked.save(update_fields=["sent_at", "sent_by", "updated_at"])
    defer_in_transaction("letter.deliver", {"letter_id": locked.pk})  # tasks.deliver_letter
    letter.sent_at, letter.sent_by = locked.sent_at, by
    return True


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _deliver_one(letter: Letter, subscriber: Subscriber) -> None:
    unsubscribe = SUBSCRIPTIONS.link(subscriber, Purpose.LEAVE)
    context = {
        "letter": letter,
        "unsubscribe": unsubscribe,
        "web_url": _absolute(letter.get_absolute_url()),
        "site_url": settings.SITE_URL,
    }
    message = ListMessage(
        subject=letter.subject,
        body=render_to_string("letter/email/letter.txt", context),
        to=[subscriber.email],
        headers=list_headers(unsubscribe),
    )
    message.attach_alternative(render_to_string("letter/email/letter.html", context), "text/html")
    message.send()


def letter_deliver(*, letter: Letter) -> tuple[int, int]:
    """Queue the sent letter for each confirmed subscriber who has not had it. Returns (queued, skipped).

    Exactly once per subscriber: the Delivery row (unique) and the queued e-mail are committed
    together, so a delivery run again — a retry, a second worker — skips who already has it.
    """
    queued = skipped = 0
    subscribers = Subscriber.objects.filter(confirmed_at__isnull=False).exclude(deliveries__letter=letter)
    for subscriber in subscribers.order_by("pk").iterator(chunk_size=500):
        try:
            with transaction.atomic():
                Delivery.objects.create(letter=letter, subscriber=subscriber)
                _deliver_one(letter, subscriber)
        except IntegrityError:
            skipped += 1
            continue
        queued += 1
    return queued, skipped


@transaction.atomic
def subscriber_request(*, email: str) -> Subscriber:
    """Someone asked for the letter: a confirmation link goes to the address, unless it is confirmed
    already (then nothing is sent: the page says the same either way, so nobody learns who subscribed)."""
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email)
        subscriber.full_clean()
        subscriber.save()
    if not subscriber.is_confirmed:
        SUBSCRIPTIONS.ask_confirmation(
            subscriber,
            subject="[Cré-sol] Confirmez votre abonnement à la lettre du Cré-sol",
            template="letter/email/confirm.txt",
        )
    return subscriber


def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    if not subscriber.is_confirmed:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def subscriber_remove(*, subscriber: Subscriber) -> None:
    """Unsubscribing: the address is forgotten at once, with the record of what it was sent."""
    subscriber.delete()
