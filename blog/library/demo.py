"""Demo resources for `make run`: guides, tools and a training, proposed by the demo members through
the library's service and published by the moderation service (one stays to be moderated)."""

from typing import TextIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from cresol.moderation.models import Action
from cresol.moderation.services import moderation_decide_new
from cresol.themes.models import Theme

from . import services

# A one-page PDF, written out by hand: the demo needs no PDF library.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
RESOURCES = [
    (
        "Guide de la coopération entre associations",
        "guide",
        "cc-by-sa-4.0",
        "cooperation-innovation-sociale",
        "Cré-sol",
        True,
        "Étapes, outils et exemples pour monter une coopération durable entre structures d'un même territoire.",
    ),
    (
        "Boîte à outils de la gouvernance partagée",
        "outil",
        "cc-by-4.0",
        "",
        "Collectif des tiers-lieux",
        False,
        "Fiches pratiques : prise de décision par consentement, rôles tournants, réunions efficaces.",
    ),
    (
        "Panorama de l'ESS en Centre-Val de Loire",
        "rapport",
        "etalab-2.0",
        "",
        "Observatoire régional de l'ESS",
        False,
        "Les chiffres de l'emploi et des structures de l'économie sociale et solidaire dans la région.",
    ),
    (
        "Formation : animer un repair café",
        "formation",
        "cc-by-sa-4.0",
        "reemploi-zero-dechet",
        "Repair Café de Tours",
        False,
        "Une journée pour apprendre à accueillir, diagnostiquer et réparer avec les habitants.",
    ),
    (
        "Conférence enregistrée : financer un projet collectif",
        "enregistrement",
        "cc-by-nc-sa-4.0",
        "",
        "Cré-sol",
        False,
        "Subventions, dons, financement participatif et prêts solidaires : une heure d'échanges.",
    ),
]


def load_demo(stdout: TextIO) -> None:
    members = list(get_user_model().objects.filter(email__endswith="@example.org", is_staff=False).order_by("id"))
    if not members:
        return
    created = []
    for position, (title, kind, licence, theme, author, with_file, summary) in enumerate(RESOURCES):
        data = {
            "title": title,
            "summary": summary,
            "kind": kind,
            "licence": licence,
            "author_name": author,
            "year": 2026,
            "link": "" if with_file else "https://ressources.example.org/" + kind,
            "themes": list(Theme.objects.filter(slug=theme)),
            "description": "",
        }
        upload = SimpleUploadedFile("guide.pdf", DEMO_PDF) if with_file else None
        created.append(
            services.resource_save(
                resource=None, data=data, by=members[position % len(members)], upload=upload, submit=False
            )
        )
    moderation_decide_new(objs=created[:-1], action=Action.PUBLISH, by=None)
    moderation_decide_new(objs=created[-1:], action=Action.SUBMIT, by=members[0])
    stdout.write(f"  {len(created) - 1} ressources publiées, 1 en attente de modération")
