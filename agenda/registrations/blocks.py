"""« Mon espace »: the member's registrations to come, each with its seat or its rank in the waiting
list and the button that cancels it, and the registrations of the events they organise (three queries
whatever their number)."""

from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from .models import Registrant, Registration, Status


def of_member(user: Any) -> dict:
    mine = list(
        Registrant.objects.filter(user=user, registration__in=Registration.objects.to_come())
        .select_related("registration__event", "registration__occurrence")
        .order_by("registration__event__start", "pk")
    )
    waiting = {row.registration_id for row in mine if row.status == Status.WAITING}
    ranks: dict[int, int] = {}
    if waiting:  # each one's rank in its list, in one query
        ranked = (
            Registrant.objects.queue()
            .filter(registration__in=waiting)
            .annotate(rank=Window(RowNumber(), partition_by=F("registration_id"), order_by=[F("queued_at"), F("pk")]))
            .values_list("pk", "rank")
        )
        ranks = dict(ranked)
    organised = list(
        Registration.objects.to_come().with_dates().filter(event__submitted_by=user).order_by("event__start")[:20]
    )
    return {"registrations": [(row, ranks.get(row.pk)) for row in mine], "organised": organised}
