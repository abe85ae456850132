"""Demo content of the Blog contributif for `make run`: 30 posts, two dossiers, comments."""

import random
from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from cresol.moderation.models import Status
from cresol.moderation.services import moderation_publish
from cresol.themes.models import Theme
from initiatives.models import Initiative

from . import services
from .models import Kind, Post

SUBJECTS = [
    ("Réparer plutôt que jeter : un an de repair café", Kind.EXPERIENCE, "reemploi-zero-dechet"),
    ("Monter une AMAP en milieu rural : ce que nous avons appris", Kind.EXPERIENCE, "alimentation-agriculture"),
    ("Les tiers-lieux, lieux de coopération du territoire", Kind.ARTICLE, "tiers-lieux"),
    ("Portrait d'une coopérative d'activité et d'emploi", Kind.PORTRAIT, "emploi-insertion"),
    ("Pour une énergie citoyenne en Centre-Val de Loire", Kind.TRIBUNE, "energie-climat"),
    ("Compte-rendu de la rencontre régionale de l'ESS", Kind.REPORT, "cooperation-innovation-sociale"),
    ("Monnaies locales : premiers bilans", Kind.ARTICLE, "finance-solidaire-monnaies-locales"),
    ("Le numérique libre au service des associations", Kind.ARTICLE, "numerique-libre"),
    ("Habiter autrement : l'habitat participatif", Kind.DOSSIER, "habitat"),
    ("Mobilité solidaire : le garage qui remet en route", Kind.EXPERIENCE, "mobilite"),
]
BODY = """*Donnée de démonstration : ce texte est fictif.*

## Le point de départ

Tout a commencé autour d'une table, avec une poignée de bénévoles et une question simple : comment faire
ensemble ce que personne ne peut faire seul ?

## Ce qui a marché

- des rendez-vous réguliers, annoncés dans l'agenda citoyen ;
- un lieu accueillant, prêté par une association voisine ;
- des outils partagés et un carnet pour garder la mémoire des réparations.

## Ce qui a coincé

| Difficulté | Ce que nous avons essayé |
| --- | --- |
| Trouver des bénévoles | Un binôme pour chaque nouvelle personne |
| Financer le matériel | Une cagnotte et le soutien de la commune |

## Et maintenant ?

Nous cherchons à **essaimer** : si vous voulez lancer la même chose près de chez vous,
[écrivez-nous](https://www.cresol.fr) !
"""


def load_demo(stdout: TextIO) -> None:
    """Through the blog's services, as members write: saved as drafts, then published by their author
    (logged in the moderation history); the publication dates are spread over four months."""
    rng = random.Random(24)  # noqa: S311 - reproducible demo data
    authors = list(get_user_model().objects.filter(email__endswith="@example.org", is_staff=False)[:3])
    if not authors:
        return
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    initiatives = list(Initiative.objects.published().order_by("pk")[:60])
    now = timezone.now()
    posts = []
    for index in range(30):
        title, kind, theme_slug = SUBJECTS[index % len(SUBJECTS)]
        if index >= len(SUBJECTS):
            title = f"{title} ({index // len(SUBJECTS) + 1})"
        author = authors[index % len(authors)]
        draft = Post(
            author=author,
            submitted_by=author,
            status=Status.DRAFT,
            is_demo=True,
            publish_at=now - timedelta(days=index * 4 + 1),
        )
        data = {
            "title": title,
            "kind": kind,
            "body": BODY,
            "lead": f"{title} : un retour du terrain, pour que d'autres puissent s'en inspirer et le reproduire.",
            "themes": [themes[theme_slug]] if theme_slug in themes else [],
            "tags": ["démonstration", kind],
            "related_initiatives": rng.sample(initiatives, 2) if kind == Kind.EXPERIENCE and initiatives else [],
        }
        post = services.post_save(post=draft, data=data, by=author, submit=False)
        moderation_publish(obj=post, by=author)
        for position in range(index % 3):
            services.comment_create(
                post=post,
                by=authors[(index + position + 1) % len(authors)],
                body="Merci pour ce partage, **très utile** pour notre projet !",
            )
        posts.append((post, data["themes"]))
    for number, (title, theme_slug) in enumerate(
        [("Réemploi et réparation", "reemploi-zero-dechet"), ("Coopérer sur son territoire", "tiers-lieux")]
    ):
        chosen = [post for post, post_themes in posts if themes.get(theme_slug) in post_themes]
        services.dossier_create(
            title=title,
            slug=f"dossier-{theme_slug}",
            intro=f"*Donnée de démonstration.* Ce dossier rassemble nos articles sur le thème « {title} ».",
            posts=chosen or [post for post, _ in posts[number::7]],
        )
    stdout.write(f"  {len(posts)} articles, 2 dossiers, des commentaires")
