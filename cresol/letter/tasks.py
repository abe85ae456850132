"""The letter's background work: delivering a sent letter, and composing each month's draft."""

import logging
from datetime import UTC, date, datetime

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from cresol.moderation.groups import MODERATORS_GROUP

from .models import Letter
from .services import AlreadySent, add_months, letter_compose, letter_deliver, month_start

logger = logging.getLogger(__name__)


@app.task(name="letter.deliver", lock="letter.deliver", retry=3)
def deliver_letter(letter_id: int) -> None:
    """Queue the letter's e-mails (each subscriber once, even when this job runs again)."""
    letter = Letter.objects.sent().filter(pk=letter_id).first()
    if letter is None:
        return
    queued, skipped = letter_deliver(letter=letter)
    logger.info("Letter %s: %s queued, %s skipped", letter.slug, queued, skipped)


def month_before(timestamp: int) -> date:
    scheduled = datetime.fromtimestamp(timestamp, tz=UTC).astimezone(timezone.get_current_timezone())
    return add_months(month_start(scheduled.date()), -1)


@app.periodic(cron="0 5 1 * *")
@app.task(name="letter.compose", lock="letter.compose", queueing_lock="letter.compose")
def compose_monthly_letter(timestamp: int) -> None:
    """On the 1st, the draft of the month that ended, and a word to the moderators to review it."""
    from django.conf import settings

    try:
        letter = letter_compose(month=month_before(timestamp))
    except AlreadySent:
        return
    moderators = get_user_model().objects.filter(groups__name=MODERATORS_GROUP, is_active=True).exclude(email="")
    addresses = list(moderators.values_list("email", flat=True))
    if addresses:
        admin_url = settings.SITE_URL + reverse("admin:letter_letter_change", args=[letter.pk])
        send_mail(
            f"[Cré-sol] {letter.subject} est prête à relire",
            f"Bonjour,\n\nLa lettre de {letter.month_label} est composée. Relisez-la, complétez-la, puis "
            f"envoyez-la depuis l'administration :\n{admin_url}\n",
            None,
            addresses,
        )
