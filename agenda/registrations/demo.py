"""Demo registrations for `make run`: Claire Martin (a demo member) runs a training on cooperative
meetings with 8 seats, full, two on its waiting list — Karim has a seat, Sophie waits. Claire sees the
list from the event's page or « Mon espace »; visitors see « Complet — liste d'attente »."""

from datetime import datetime, time, timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from cresol.moderation.models import Action, Status
from cresol.moderation.services import moderation_decide_new
from cresol.territories.models import Commune
from cresol.themes.models import Theme

from ..generator import DEMO_NOTE
from ..models import Event, Kind, Price
from ..recurrence import PARIS
from ..services import event_save
from .services import registrant_confirm, registrant_register, registration_save

PEOPLE = ["Nadia Roche", "Hugo Perrin", "Lina Carpentier", "Théo Marchand", "Maëlle Giraud", "Samuel Fabre"]


def load_demo(stdout: TextIO) -> None:
    users = get_user_model().objects.in_bulk(
        ["claire.martin@example.org", "karim.benali@example.org", "sophie.leroy@example.org"], field_name="email"
    )
    organiser = users.get("claire.martin@example.org")
    tours = Commune.objects.filter(code="37261").first()
    if organiser is None or tours is None:
        return
    day = timezone.localdate() + timedelta(days=12)
    start = datetime.combine(day, time(14, 0), tzinfo=PARIS)
    event = event_save(
        event=Event(
            title="Formation : animer une réunion coopérative",
            summary="Une après-midi pour apprendre à animer des réunions où chacun prend part aux décisions.",
            description=f"{DEMO_NOTE}\n\nTours de parole, décision par consentement, rôles tournants.",
            kind=Kind.FORMATION,
            start=start,
            end=start + timedelta(hours=3),
            venue_name="Repair Café de Tours",
            address="5 rue de la Coopération",
            commune=tours,
            point=tours.point,
            organiser_name="Repair Café de Tours",
            price=Price.FREE,
            status=Status.DRAFT,
            submitted_by=organiser,
            is_demo=True,
        ),
        themes=list(Theme.objects.filter(slug="cooperation-innovation-sociale")[:1]),
    )
    moderation_decide_new(objs=[event], action=Action.PUBLISH, by=None)  # logged, as the agenda's demo
    event.refresh_from_db()
    registration = registration_save(
        event=event,
        data={
            "capacity": 8,
            "waiting_list": True,
            "questions": [{"label": "Votre structure ?", "kind": "texte", "choices": [], "required": False}],
        },
    )
    karim, sophie = users.get("karim.benali@example.org"), users.get("sophie.leroy@example.org")
    if karim is not None:
        registrant_register(
            registration=registration, name=karim.display_name, email=karim.email, answers={}, user=karim
        )
    for index, name in enumerate(PEOPLE + ["Jeanne Lemoine", "Paul Girard", "Rose Dumont"]):
        visitor = registrant_register(
            registration=registration,
            name=name,
            email=f"demo.inscription{index + 1}@example.org",
            answers={"question_0": "Association de quartier"},
        )
        registrant_confirm(registrant=visitor)  # as if each had clicked their link
        if index == 6 and sophie is not None:  # Sophie arrives when it is full: she waits, second in line
            registrant_register(
                registration=registration, name=sophie.display_name, email=sophie.email, answers={}, user=sophie
            )
    registration.refresh_from_db()
    stdout.write(
        f"  1 formation avec inscriptions ({registration.taken} places prises, {registration.waiting} en attente)"
    )
