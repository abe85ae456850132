"""E-mails of the moderation decisions, queued in the decision's transaction (see cresol/outbox/)."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from cresol.core.validators import single_line

from .groups import MODERATORS_GROUP
from .models import Action


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _admin_url(obj: Any) -> str:
    meta = obj._meta
    try:
        return _absolute(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    except NoReverseMatch:
        return ""


def _public_url(obj: Any) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    return _absolute(get_url()) if get_url else ""


def moderator_addresses() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _messages_for(*, obj: Any, action: str) -> list[tuple[str, str, str, list[str]]]:
    context = {
        "object": obj,
        "kind": obj._meta.verbose_name,
        "admin_url": _admin_url(obj),
        "public_url": _public_url(obj),
        "site_url": settings.SITE_URL,
    }
    if action == Action.SUBMIT:
        recipients = moderator_addresses()
        template = "moderation/email/submitted"
    elif action in (Action.APPROVE, Action.REJECT) and obj.submitted_by and obj.submitted_by.email:
        recipients = [obj.submitted_by.email]
        template = f"moderation/email/{'approved' if action == Action.APPROVE else 'rejected'}"
    else:
        return []
    if not recipients:
        return []
    # One line whatever the content's title holds: a line break in a subject is refused by the mailer.
    subject = single_line(render_to_string(f"{template}_subject.txt", context))
    body = render_to_string(f"{template}.txt", context)
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]


def notify_change_request(*, change_request: Any) -> None:
    """Tell the moderators that changes to a published content wait for them (queued, like every e-mail)."""
    recipients = moderator_addresses()
    if not recipients:
        return
    context = {"object": change_request, "admin_url": _admin_url(change_request), "site_url": settings.SITE_URL}
    template = "moderation/email/change_request"
    subject = single_line(render_to_string(f"{template}_subject.txt", context))
    body = render_to_string(f"{template}.txt", context)
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])


def notify_batch_submitted(*, objects: list, origin: str) -> None:
    """Tell the moderators once that a batch (an import) waits for review."""
    if not objects:
        return
    recipients = moderator_addresses()
    if not recipients:
        return
    context = {
        "objects": [(obj, _admin_url(obj)) for obj in objects[:50]],
        "more": max(len(objects) - 50, 0),
        "count": len(objects),
        "origin": origin,
        "kind": objects[0]._meta.verbose_name_plural,
    }
    template = "moderation/email/submitted_batch"
    subject = single_line(render_to_string(f"{template}_subject.txt", context))
    body = render_to_string(f"{template}.txt", context)
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])


def notify(*, obj: Any, action: str) -> None:
    """Tell the moderators of a submission, or the contributor of a decision. Only queues: the mail
    server is the worker's business, so a decision never waits for it nor fails because of it."""
    notify_many(objs=[obj], action=action)


def notify_many(*, objs: list, action: str) -> None:
    """The e-mails of many decisions, queued together (two queries whatever their number)."""
    messages = [message for obj in objs for message in _messages_for(obj=obj, action=action)]
    if messages:
        send_mass_mail(messages)
