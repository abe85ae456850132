"""The agenda's parts of shared pages that are each member's own (cresol.core.memberpages)."""

from typing import Any

from django.http import HttpRequest

from cresol.core.memberpages import register_slot


def _event_cancel(request: HttpRequest, event_slug: str, cancellable_by: str) -> dict[str, Any]:
    """The organiser of a published event may cancel it from its page; `cancellable_by` is 0 when nobody may."""
    user = request.user
    return {"event_slug": event_slug, "can_cancel": user.is_authenticated and str(user.pk) == str(cancellable_by)}


def register_slots() -> None:
    register_slot("event_cancel", "agenda/_event_cancel.html", _event_cancel)
