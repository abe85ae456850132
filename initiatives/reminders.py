"""The yearly "still active?" e-mail and the signed link that answers it without an account."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Initiative

SALT = "initiatives.confirm"
LINK_VALIDITY = 60 * 60 * 24 * 120  # four months to answer


class ReminderTokenError(Exception):
    pass


def make_token(initiative: Initiative) -> str:
    return signing.dumps({"i": initiative.pk}, salt=SALT, compress=True)


def read_token(token: str, *, initiative: Initiative) -> None:
    try:
        payload = signing.loads(token, salt=SALT, max_age=LINK_VALIDITY)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise ReminderTokenError from error
    if payload.get("i") != initiative.pk:
        raise ReminderTokenError


def contact_address(initiative: Initiative) -> str:
    if initiative.email:
        return initiative.email
    return initiative.submitted_by.email if initiative.submitted_by else ""


def reminder_period(initiative: Initiative) -> str:
    """The reference date the reminder is about: a new confirmation opens a new period."""
    reference = initiative.last_confirmed_at or initiative.published_at or initiative.created_at
    return reference.date().isoformat()


def send(initiative: Initiative, address: str) -> None:
    """Queue the reminder to the initiative's contact (through the outbox)."""
    link = settings.SITE_URL + reverse("initiatives:confirm", args=[initiative.slug, make_token(initiative)])
    context = {"initiative": initiative, "link": link, "site_url": settings.SITE_URL}
    EmailMessage(
        subject=render_to_string("initiatives/email/reminder_subject.txt", context).strip(),
        body=render_to_string("initiatives/email/reminder.txt", context),
        to=[address],
    ).send()
