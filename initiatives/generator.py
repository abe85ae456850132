"""Plausible initiatives for the demo (`make run`) and for scale tests (`seed_initiatives`).

Names, kinds and themes follow the real landscape of the solidarity economy in the region; every
generated initiative is marked `is_demo` and says so in its description.
"""

import random
from typing import Any

from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.text import slugify

from cresol.moderation.models import Status
from cresol.territories.geometry import WGS84
from cresol.territories.models import Commune
from cresol.themes.models import Theme

from . import services
from .models import Initiative, Kind

# theme slug -> (name patterns, kinds)
PATTERNS = {
    "alimentation-agriculture": (
        [
            "AMAP de {c}",
            "Épicerie solidaire de {c}",
            "Jardins partagés de {c}",
            "Ferme collective du {l}",
            "Marché paysan de {c}",
        ],
        [Kind.ASSOCIATION, Kind.SCIC],
    ),
    "habitat": (
        ["Habitat participatif Les Hirondelles ({c})", "Compagnons bâtisseurs de {c}", "Éco-hameau du {l}"],
        [Kind.ASSOCIATION, Kind.COOPERATIVE],
    ),
    "energie-climat": (
        ["Énergie citoyenne de {c}", "Centrale solaire villageoise de {c}", "Collectif Climat {c}"],
        [Kind.SCIC, Kind.COLLECTIF],
    ),
    "mobilite": (["Atelier vélo de {c}", "Covoiturage solidaire {c}", "Garage solidaire de {c}"], [Kind.ASSOCIATION]),
    "reemploi-zero-dechet": (
        ["Repair Café de {c}", "Ressourcerie de {c}", "Recyclerie du {l}", "Boutique zéro déchet de {c}"],
        [Kind.ASSOCIATION, Kind.ESUS],
    ),
    "finance-solidaire-monnaies-locales": (
        ["Club Cigales de {c}", "Monnaie locale du {l}"],
        [Kind.ASSOCIATION, Kind.COLLECTIF],
    ),
    "numerique-libre": (
        ["Atelier numérique de {c}", "Fablab de {c}", "Libristes de {c}"],
        [Kind.ASSOCIATION, Kind.TIERS_LIEU],
    ),
    "culture-education-populaire": (
        ["Café associatif de {c}", "Université populaire de {c}", "Théâtre itinérant du {l}"],
        [Kind.ASSOCIATION],
    ),
    "sante-solidarites": (
        ["Maison de santé de {c}", "Accueil solidaire de {c}", "Bistrot mémoire de {c}"],
        [Kind.ASSOCIATION, Kind.MUTUELLE, Kind.FONDATION],
    ),
    "emploi-insertion": (
        ["Chantier d'insertion de {c}", "Coopérative d'activité de {c}", "Régie de quartier de {c}"],
        [Kind.ESUS, Kind.CAE, Kind.SCOP],
    ),
    "tiers-lieux": (
        ["Tiers-lieu La Fabrique ({c})", "La Grange partagée de {c}", "Le Hangar de {c}"],
        [Kind.TIERS_LIEU, Kind.SCIC],
    ),
    "democratie-participative": (
        ["Conseil citoyen de {c}", "Assemblée des habitants de {c}"],
        [Kind.COLLECTIF, Kind.COLLECTIVITE],
    ),
    "cooperation-innovation-sociale": (
        ["Pôle de coopération du {l}", "Incubateur solidaire de {c}"],
        [Kind.ASSOCIATION, Kind.SCIC],
    ),
}
LANDSCAPES = [
    "Berry",
    "Perche",
    "Val de Loire",
    "Boischaut",
    "Gâtinais",
    "Sologne",
    "Vendômois",
    "Pays fort",
    "Drouais",
    "Beauce",
    "Chinonais",
    "Brenne",
    "Sancerrois",
    "Giennois",
]
# The usual shapes of a week, in OpenStreetMap's syntax; one in five initiatives gives none.
OPENING_HOURS = [
    "We 14:00-18:00; Sa 10:00-12:00; PH off",
    "Mo-Fr 09:00-12:00,14:00-18:00; PH off",
    "Tu-Sa 10:00-19:00; PH off",
    "Mo-Su 08:00-20:00",
    "",
]
DEMO_NOTE = "*Donnée de démonstration : cette initiative est fictive.*"


def _communes(rng: random.Random) -> list[Commune]:
    """The larger communes of each département, so that every département gets its share."""
    communes = list(
        Commune.objects.filter(population__gte=1500)
        .select_related("departement")
        .only("id", "name", "code", "point", "departement__code", "postal_codes")
    )
    rng.shuffle(communes)
    return communes


def _host(name: str) -> str:
    """A host name label from the initiative's name: 40 characters at most, and never ending with a
    hyphen once cut (1 % of generated initiatives had https://…-.example.org, which validation refuses)."""
    return slugify(name)[:40].strip("-") or "initiative"


def build(count: int, *, seed: int = 24, status: str = Status.PUBLISHED, slug_prefix: str = "") -> list[Initiative]:
    """`count` unsaved initiatives with their main theme; call `save_generated` to store them."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, nothing secret
    themes = list(Theme.objects.all())
    communes = _communes(rng)
    now = timezone.now()
    initiatives = []
    for index in range(count):
        theme = themes[index % len(themes)]
        patterns, kinds = PATTERNS.get(theme.slug, (["Initiative solidaire de {c}"], [Kind.ASSOCIATION]))
        commune = communes[index % len(communes)]
        name = rng.choice(patterns).format(c=commune.name, l=rng.choice(LANDSCAPES))
        slug = f"{slug_prefix}{slugify(name)[:140]}-{index + 1}"
        jitter_lon, jitter_lat = rng.uniform(-0.012, 0.012), rng.uniform(-0.008, 0.008)
        initiatives.append(
            Initiative(
                name=name,
                slug=slug,
                summary=f"{name} : {theme.description[:200]}",
                description=f"{DEMO_NOTE}\n\n{theme.description}\n\n- Ouvert à toutes et à tous\n- Bénévoles bienvenus",
                kind=rng.choice(kinds),
                commune=commune,
                point=Point(commune.point.x + jitter_lon, commune.point.y + jitter_lat, srid=WGS84),
                address=f"{rng.randint(1, 80)} rue de la République",
                website=f"https://{_host(name)}.example.org",
                email=f"contact@{_host(name)}.example.org",
                phone=f"02 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                founded_year=rng.randint(1975, 2025),
                opening_hours=OPENING_HOURS[index % len(OPENING_HOURS)],
                status=status,
                published_at=now if status == Status.PUBLISHED else None,
                submitted_at=now if status != Status.DRAFT else None,
                last_confirmed_at=now if rng.random() < 0.7 else None,
                network_member=rng.random() < 0.15,
                main_theme=theme,
                is_demo=True,
            )
        )
    return initiatives


def save_generated(initiatives: list[Initiative], *, batch_size: int = 2000) -> list[Initiative]:
    """Store generated initiatives through the section's batch service, with their main theme and,
    one time in three, a second one."""
    themes = list(Theme.objects.all())
    order = {id(initiative): position for position, initiative in enumerate(initiatives)}

    def themes_of(initiative: Any):
        position = order[id(initiative)]
        other = themes[(position * 7) % len(themes)]
        if position % 3 == 0 and other.pk != initiative.main_theme_id:
            return [initiative.main_theme, other]
        return [initiative.main_theme]

    return services.initiatives_create(initiatives=initiatives, themes_of=themes_of, batch_size=batch_size)
