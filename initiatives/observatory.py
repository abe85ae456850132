"""Archipel O Centre's figures for the observatory: initiatives by territory and theme, and by month."""

from django.utils import timezone

from cresol.core.versions import cached_until_content_changes
from cresol.observatory.figures import MONTHS_BACK, fetch, first_month, month_series
from cresol.observatory.registry import Figure, Table

# Published initiatives per commune, in all and per theme, with the commune's territories: both
# territory figures sum these rows (an initiative has one commune, so no one is counted twice; an
# initiative counts in each of its themes, once in the total). Read through an index on
# (commune, id) of the published ones, not the table's wide rows.
_PER_COMMUNE = """
    WITH per_commune AS (
        SELECT commune_id, NULL::bigint AS theme_id, COUNT(*) AS n
        FROM initiatives_initiative WHERE status = 'published' GROUP BY commune_id
        UNION ALL
        SELECT i.commune_id, it.theme_id, COUNT(*)
        FROM initiatives_initiative i JOIN initiatives_initiative_themes it ON it.initiative_id = i.id
        WHERE i.status = 'published' GROUP BY i.commune_id, it.theme_id
    )
    SELECT d.code, e.siren, th.slug, p.n
    FROM per_commune p
    JOIN territories_commune c ON c.id = p.commune_id
    JOIN territories_departement d ON d.id = c.departement_id
    LEFT JOIN territories_epci e ON e.id = c.epci_id
    LEFT JOIN themes_theme th ON th.id = p.theme_id
"""
_TERRITORIES = {
    "departement": "SELECT code, name FROM territories_departement ORDER BY code",
    "epci": "SELECT siren, name FROM territories_epci ORDER BY siren",
    "pays": "SELECT slug, name FROM territories_pays ORDER BY slug",
}
_PAYS_OF_EPCI = """
    SELECT e.siren, p.slug FROM territories_pays_epcis pe
    JOIN territories_pays p ON p.id = pe.pays_id JOIN territories_epci e ON e.id = pe.epci_id
"""
CODE_COLUMN = {"departement": "code", "epci": "siren", "pays": "pays"}


def _per_commune() -> list[tuple]:
    """Shared by the two figures of one computation (kept until content changes)."""
    return cached_until_content_changes("observatory-initiatives-per-commune", lambda: fetch(_PER_COMMUNE))


def _theme_slugs() -> list[str]:
    return [slug for (slug,) in fetch('SELECT slug FROM themes_theme ORDER BY "order", name')]


def _keys(level: str) -> dict[str, list[str]]:
    """For the Pays: each EPCI's Pays (an intercommunalité may belong to more than one)."""
    pays_of: dict[str, list[str]] = {}
    if level == "pays":
        for siren, slug in fetch(_PAYS_OF_EPCI):
            pays_of.setdefault(siren, []).append(slug)
    return pays_of


def by_territory(level: str) -> Table:
    themes = _theme_slugs()
    position = {slug: 3 + index for index, slug in enumerate(themes)}
    rows = {code: [code, name, 0, *[0] * len(themes)] for code, name in fetch(_TERRITORIES[level])}
    pays_of = _keys(level)
    for departement, epci, slug, count in _per_commune():
        codes = {"departement": [departement], "epci": [epci], "pays": pays_of.get(epci, [])}[level]
        for code in codes:
            row = rows.get(code)
            if row is not None:
                row[position[slug] if slug else 2] += count
    return Table([CODE_COLUMN[level], "nom", "total", *themes], list(rows.values()))


def published_by_month() -> Table:
    start = first_month()
    rows = fetch(
        "SELECT to_char(published_at AT TIME ZONE %s, 'YYYY-MM'), COUNT(*) FROM initiatives_initiative "
        "WHERE status = 'published' AND published_at IS NOT NULL GROUP BY 1",
        [timezone.get_current_timezone_name()],
    )
    before = sum(count for month, count in rows if month < f"{start:%Y-%m}")
    series = month_series(rows, start=start, months=MONTHS_BACK)
    total = before
    for row in series:
        total += row[1]
        row.append(total)
    return Table(
        ["mois", "nouvelles_initiatives", "initiatives_en_ligne_cumul"],
        series,
        ["Mois", "Nouvelles initiatives", "Initiatives en ligne (cumul)"],
    )


FIGURES = [
    Figure(
        key="initiatives-par-departement-et-thematique",
        title="Initiatives par département et par thématique",
        definition=(
            "Initiatives publiées sur la carte Archipel O Centre, par département de leur commune ; une initiative "
            "compte dans chacune de ses thématiques, une seule fois dans le total. État au jour du téléchargement."
        ),
        compute=lambda: by_territory("departement"),
        group="Initiatives",
        order=10,
        kind="territory",
        level="departement",
    ),
    Figure(
        key="initiatives-par-epci-et-thematique",
        title="Initiatives par intercommunalité et par thématique",
        definition=(
            "Initiatives publiées, par intercommunalité (EPCI, identifiée par son SIREN) de leur commune ; une "
            "initiative compte dans chacune de ses thématiques, une seule fois dans le total."
        ),
        compute=lambda: by_territory("epci"),
        group="Initiatives",
        order=11,
        kind="territory",
        level="epci",
    ),
    Figure(
        key="initiatives-par-pays-et-thematique",
        title="Initiatives par Pays et par thématique",
        definition=(
            "Initiatives publiées, par Pays (PETR, Pays, pôle métropolitain, identifié par son adresse sur le "
            "portail) de l'intercommunalité de leur commune ; une initiative compte dans chacune de ses "
            "thématiques, une seule fois dans le total."
        ),
        compute=lambda: by_territory("pays"),
        group="Initiatives",
        order=12,
        kind="territory",
        level="pays",
    ),
    Figure(
        key="initiatives-publiees-par-mois",
        title="Initiatives publiées par mois",
        definition=(
            "Initiatives aujourd'hui en ligne, comptées dans le mois de leur première publication (heure de Paris), "
            "sur 24 mois ; le cumul compte aussi celles publiées avant."
        ),
        compute=published_by_month,
        group="Initiatives",
        order=12,
        kind="months",
    ),
]
