"""The demo letters for `make run`: last month's, sent to a demo subscriber (its e-mail is written under
var/mail/ by the worker), and this month's draft for the moderators to review and send."""

from typing import TextIO

from django.utils import timezone

from . import services
from .models import Subscriber

DEMO_SUBSCRIBER = "lectrice@example.org"


def load_demo(stdout: TextIO) -> None:
    if not Subscriber.objects.filter(email=DEMO_SUBSCRIBER).exists():
        services.subscriber_confirm(subscriber=services.subscriber_request(email=DEMO_SUBSCRIBER))
    this_month = services.month_start(timezone.localdate())
    sent = services.letter_compose(month=services.add_months(this_month, -1))
    services.letter_send(letter=sent, by=None)
    services.letter_compose(month=this_month)
    stdout.write(f"  la lettre de {sent.month_label} envoyée à {DEMO_SUBSCRIBER}, celle de ce mois-ci à relire")
