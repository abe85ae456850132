"""The starting set of themes, loaded by a migration; staff edit them in the admin afterwards.

Colours are dark enough to carry white text at the WCAG AA ratio (4.5:1), which a test checks.
"""

STARTING_THEMES = [
    (
        "alimentation-agriculture",
        "Alimentation et agriculture",
        "#2e6b1f",
        "Circuits courts, AMAP, épiceries solidaires, agriculture paysanne et bio.",
    ),
    ("habitat", "Habitat", "#7a4a12", "Habitat participatif, écoconstruction, logement solidaire."),
    (
        "energie-climat",
        "Énergie et climat",
        "#9a3412",
        "Énergies renouvelables citoyennes, sobriété, adaptation au changement climatique.",
    ),
    ("mobilite", "Mobilité", "#1d4e89", "Covoiturage, vélo, transports solidaires en milieu rural."),
    (
        "reemploi-zero-dechet",
        "Réemploi et zéro déchet",
        "#3f6212",
        "Ressourceries, repair cafés, recycleries, prévention des déchets.",
    ),
    (
        "finance-solidaire-monnaies-locales",
        "Finance solidaire et monnaies locales",
        "#6b21a8",
        "Épargne solidaire, financement participatif, monnaies locales complémentaires.",
    ),
    (
        "numerique-libre",
        "Numérique libre",
        "#155e75",
        "Logiciels libres, communs numériques, médiation et inclusion numérique.",
    ),
    (
        "culture-education-populaire",
        "Culture et éducation populaire",
        "#9d174d",
        "Lieux culturels, éducation populaire, pratiques artistiques partagées.",
    ),
    (
        "sante-solidarites",
        "Santé et solidarités",
        "#b91c1c",
        "Accès aux soins, aide alimentaire, lutte contre l'isolement, accueil des exilés.",
    ),
    (
        "emploi-insertion",
        "Emploi et insertion",
        "#854d0e",
        "Insertion par l'activité économique, entreprises adaptées, coopératives d'activité.",
    ),
    ("tiers-lieux", "Tiers-lieux", "#0f766e", "Espaces partagés de travail, de fabrication et de rencontre."),
    (
        "democratie-participative",
        "Démocratie participative",
        "#3730a3",
        "Participation citoyenne, conseils de développement, budgets participatifs.",
    ),
    (
        "cooperation-innovation-sociale",
        "Coopération et innovation sociale",
        "#a21caf",
        "Pôles territoriaux de coopération, expérimentations, essaimage de projets.",
    ),
]
