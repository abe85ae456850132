"""The registration panel of an event's shared page (cresol.core.memberpages): seats left for everyone,
and for a member their own registration (with its cancel button) or the one-click button; the
organiser's link to the list. Two queries for a member, one for a visitor."""

from typing import Any

from django.http import HttpRequest

from cresol.moderation.visibility import can_moderate

from ..models import Event
from .models import Registrant, Registration


def registration_slot(request: HttpRequest, event_pk: str, event_slug: str, organiser_pk: str) -> dict[str, Any]:
    registrations = list(
        Registration.objects.with_dates().filter(event_id=event_pk, purged_at=None).order_by("occurrence__start", "pk")
    )
    context: dict[str, Any] = {
        "registrations": [(registration, None) for registration in registrations],
        "event_slug": event_slug,
    }
    user = request.user
    if not user.is_authenticated:
        return context
    # "import": a partner's event, whose registrations are the partner's.
    context["is_organiser"] = organiser_pk != "import" and (str(user.pk) == organiser_pk or can_moderate(user, Event))
    if registrations:
        mine = {
            registrant.registration_id: registrant
            for registrant in Registrant.objects.filter(user=user, registration__event_id=event_pk)
        }
        context["registrations"] = [(registration, mine.get(registration.pk)) for registration in registrations]
    return context
