"""Demo cooperations for `make run`: a need for a room in the Pays Loire Touraine and an offer of rooms
there (shown to each other as complementary), a few more, and one waiting for review."""

from datetime import timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from cresol.moderation.models import Action
from cresol.moderation.services import moderation_decide_new
from cresol.territories.models import Commune
from cresol.themes.models import Theme

from ..models import Initiative
from . import services

# (member's position, direction, kind, title, description, themes, commune, scope, radius, days)
DEMO = [
    (
        0,
        "besoin",
        "lieu",
        "Une salle pour nos ateliers de réparation du samedi",
        "Notre repair café cherche une salle d'au moins 40 m², accessible, un samedi matin par mois, avec "
        "des tables et des prises. Nous participons aux frais et laissons la salle propre.",
        ["reemploi-zero-dechet"],
        "37003",
        "pays",
        None,
        60,
    ),
    (
        0,
        "offre",
        "lieu",
        "Notre tiers-lieu prête sa salle de réunion en semaine",
        "Une salle de 50 m² avec vidéoprojecteur, libre les mardis et jeudis, prêtée aux collectifs du Pays "
        "qui travaillent sur le réemploi ou l'alimentation. Contactez-nous pour les disponibilités.",
        ["reemploi-zero-dechet", "tiers-lieux"],
        "37156",
        "pays",
        None,
        120,
    ),
    (
        1,
        "offre",
        "materiel",
        "Prêt de barnums et d'une sono pour vos événements",
        "La ressourcerie prête deux barnums 3 × 3 m et une petite sono aux associations du Cher, pour une "
        "fête, un marché ou une collecte. Retrait à Bourges.",
        ["reemploi-zero-dechet", "culture-education-populaire"],
        "18033",
        "departement",
        None,
        180,
    ),
    (
        1,
        "besoin",
        "benevoles",
        "Des bénévoles pour le tri du samedi matin",
        "Nous cherchons quatre ou cinq personnes pour trier les dons un samedi matin sur deux. Aucune "
        "compétence demandée, bonne humeur bienvenue.",
        ["reemploi-zero-dechet", "emploi-insertion"],
        "18033",
        "rayon",
        20,
        90,
    ),
    (
        2,
        "offre",
        "competence",
        "Accompagnement à la création d'une AMAP",
        "Des membres de l'AMAP partagent leur expérience : trouver un producteur, rédiger le contrat, "
        "organiser les distributions. Une ou deux rencontres, gratuites.",
        ["alimentation-agriculture"],
        "45234",
        "rayon",
        30,
        150,
    ),
]
PENDING = (
    2,
    "besoin",
    "partenaire",
    "Un partenaire pour un groupement d'achat bio",
    "Nous voulons monter un groupement d'achat de produits bio et locaux avec une épicerie ou une "
    "association de quartier de la métropole.",
    ["alimentation-agriculture"],
    "45234",
    "epci",
    None,
    90,
)


def _save(member: Any, entry: tuple, *, initiative: Any = None) -> Any:
    _position, direction, kind, title, description, themes, code, scope, radius, days = entry
    data = {
        "direction": direction,
        "kind": kind,
        "title": title,
        "description": description,
        "initiative": initiative,
        "themes": list(Theme.objects.filter(slug__in=themes)),
        "commune": Commune.objects.get(code=code),
        "scope": scope,
        "radius_km": radius,
        "ends_on": timezone.localdate() + timedelta(days=days),
    }
    return services.cooperation_save(author=member, data=data, submit=False)


def load_demo(stdout: TextIO) -> None:
    members = list(get_user_model().objects.filter(email__endswith="@example.org", is_staff=False).order_by("id"))
    if len(members) < 3 or not Commune.objects.filter(code="37003").exists():
        return
    repair_cafe = Initiative.objects.published().filter(commune__code="37003").first()
    created = [
        _save(members[entry[0]], entry, initiative=repair_cafe if index == 0 else None)
        for index, entry in enumerate(DEMO)
    ]
    moderation_decide_new(objs=created, action=Action.PUBLISH, by=None)
    pending = _save(members[PENDING[0]], PENDING)
    moderation_decide_new(objs=[pending], action=Action.SUBMIT, by=members[PENDING[0]])
    stdout.write(f"  {len(created)} coopérations publiées, 1 en attente de modération")
