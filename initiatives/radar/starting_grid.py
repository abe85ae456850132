"""The radar's first grid, in the project's own words, inspired by the published grids: the markers of
social innovation (Picardie's ARI and CRESS), the CRESS PACA's radar and the PTCE reference framework.
Staff change it in the admin as a new version; this one stays for the radars filled on it."""

from typing import Any

TITLE = "Radar de l'innovation sociale"
INTRODUCTION = (
    "Cinq axes, trois questions chacun : un quart d'heure pour faire le point, seul ou mieux en équipe, "
    "et recommencer dans six mois ou un an."
)
AXES = [
    (
        "Réponse à un besoin social",
        "Besoin social",
        "À quel besoin l'initiative répond, et avec qui elle l'a repéré.",
        [
            "Le besoin auquel répond l'initiative a été repéré avec les personnes concernées.",
            "La réponse apportée est nouvelle sur le territoire ou pour le public visé.",
            "L'initiative vérifie régulièrement que sa réponse suit l'évolution du besoin.",
        ],
    ),
    (
        "Participation et gouvernance",
        "Gouvernance",
        "Qui décide, et comment l'information circule.",
        [
            "Les personnes concernées (usagers, bénévoles, salariés) prennent part aux décisions.",
            "Les règles de décision sont écrites, connues et partagées.",
            "Les informations (budget, choix, résultats) circulent auprès de toutes les parties prenantes.",
        ],
    ),
    (
        "Ancrage territorial",
        "Ancrage territorial",
        "Les liens avec le territoire et ses acteurs.",
        [
            "L'initiative coopère avec d'autres acteurs du territoire (associations, entreprises, collectivités).",
            "Elle mobilise des ressources locales : lieux, savoir-faire, bénévoles, fournisseurs.",
            "Elle contribue à la vie du territoire au-delà de son propre public.",
        ],
    ),
    (
        "Modèle économique et ressources hybrides",
        "Modèle économique",
        "D'où viennent les ressources, et à quoi elles servent.",
        [
            "Les ressources combinent plusieurs sources : ventes, subventions, dons, bénévolat, mutualisation.",
            "L'initiative connaît ses coûts et peut faire face à la perte d'un financement.",
            "Les excédents éventuels servent le projet plutôt qu'un enrichissement individuel.",
        ],
    ),
    (
        "Effets et essaimage",
        "Effets et essaimage",
        "Ce que l'initiative change, et ce qu'elle transmet.",
        [
            "L'initiative observe et partage ses effets sur les personnes et le territoire.",
            "Elle a décrit sa démarche pour qu'elle puisse être reprise ailleurs.",
            "Elle a déjà transmis son savoir-faire à d'autres projets (accueil, formation, essaimage).",
        ],
    ),
]


def create_starting_grid(Grid: Any, now: Any) -> None:  # noqa: N803 - the migration hands its historical model
    """Version 1, in use from `now` (the models are the migration's historical ones)."""
    grid = Grid.objects.create(version=1, title=TITLE, introduction=INTRODUCTION, in_use_since=now)
    for order, (name, short_name, description, questions) in enumerate(AXES):
        axis = grid.axes.create(name=name, short_name=short_name, description=description, order=order)
        for position, text in enumerate(questions):
            axis.questions.create(text=text, order=position)
    return grid
