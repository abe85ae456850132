"""Demo resource people for `make run`: two demo members published, one waiting for review."""

from typing import TextIO

from django.contrib.auth import get_user_model

from cresol.moderation.models import Action
from cresol.moderation.services import moderation_decide_new
from cresol.territories.models import Commune, Departement
from cresol.themes.models import Theme

from . import services

PROFILES = [
    (
        "Coopération entre structures, tiers-lieux, gouvernance partagée : j'accompagne les collectifs de "
        "Touraine qui veulent travailler ensemble.",
        ["animation", "cooperation", "gouvernance"],
        ["tiers-lieux", "cooperation-innovation-sociale"],
        "37",
        None,
    ),
    (
        "Réemploi, insertion, montage de projets : je connais les acteurs du Cher et j'aide à trouver les "
        "bons interlocuteurs.",
        ["montage", "emploi", "financement"],
        ["reemploi-zero-dechet", "emploi-insertion"],
        "18",
        "18279",
    ),
    (
        "Alimentation durable et circuits courts autour d'Orléans : AMAP, épiceries, groupements d'achat.",
        ["mobilisation", "animation"],
        ["alimentation-agriculture"],
        None,
        "45234",
    ),
]


def load_demo(stdout: TextIO) -> None:
    members = list(get_user_model().objects.filter(email__endswith="@example.org", is_staff=False).order_by("id"))
    if not members:
        return
    created = []
    for member, (bio, skills, themes, departement, commune) in zip(members, PROFILES, strict=False):
        data = {
            "display_name": member.display_name,
            "structure": member.organisation,
            "bio": bio,
            "skills": skills,
            "base_commune": member.commune or Commune.objects.get(code="37261"),
            "themes": list(Theme.objects.filter(slug__in=themes)),
            "departements": list(Departement.objects.filter(code=departement)),
            "epcis": [],
            "communes": list(Commune.objects.filter(code=commune)),
        }
        created.append(services.person_save(user=member, data=data, submit=False))
    moderation_decide_new(objs=created[:-1], action=Action.PUBLISH, by=None)
    moderation_decide_new(objs=created[-1:], action=Action.SUBMIT, by=members[len(created) - 1])
    stdout.write(f"  {len(created) - 1} personnes ressources publiées, 1 en attente de modération")
