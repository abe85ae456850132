"""Writing the territories: the official data loaded, derived columns and caches kept in step."""

from collections.abc import Callable

from django.db import connection, transaction
from django.utils.text import slugify

from cresol.core.versions import bump_content_version

from .loader import EPCI_OUTLINES, LoadReport, outlines, read_json, readable_name
from .models import EPCI, Commune, Departement, Pays, Region
from .outlines import forget_outlines
from .search import normalize


@transaction.atomic
def territories_load() -> LoadReport:
    """Load or update the region's territories from the official data (manage.py load_territories).

    Idempotent: rows are matched on their INSEE or SIREN code and updated in place, so running it again
    after a data update changes names, outlines and memberships without duplicating anything. The
    communes' search names are derived here, and every cached page goes stale (bulk writes send no signal)."""
    [region_row] = read_json("region-24.json")
    region, _ = Region.objects.update_or_create(code=region_row["code"], defaults={"name": region_row["nom"]})

    departement_outlines = outlines("departements-24-contours-2018.geojson.gz")
    departements = Departement.objects.bulk_create(
        [
            Departement(code=row["code"], name=row["nom"], region=region, geom=departement_outlines.get(row["code"]))
            for row in read_json("departements-24.json")
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "region", "geom"],
    )
    departement_ids = dict(Departement.objects.values_list("code", "id"))

    epci_rows = read_json("epci-24.json")
    EPCI.objects.bulk_create(
        [EPCI(siren=row["code"], name=readable_name(row["nom"]), kind=row["type"]) for row in epci_rows],
        update_conflicts=True,
        unique_fields=["siren"],
        update_fields=["name", "kind"],
    )
    epci_ids = dict(EPCI.objects.values_list("siren", "id"))

    commune_outlines = outlines("communes-24-contours-2018.geojson.gz")
    communes = []
    for row in read_json("communes-24.json.gz"):
        if row["type"] != "commune-actuelle":
            continue
        outline = commune_outlines[row["code"]]
        communes.append(
            Commune(
                code=row["code"],
                name=row["nom"],
                search_name=normalize(row["nom"]),
                departement_id=departement_ids[row["departement"]],
                epci_id=epci_ids.get(row.get("epci")),
                postal_codes=row.get("codesPostaux", []),
                population=row.get("population") or 0,
                geom=outline,
                point=outline.point_on_surface,
            )
        )
    Commune.objects.bulk_create(
        communes,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "search_name",
            "departement",
            "epci",
            "postal_codes",
            "population",
            "geom",
            "point",
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute(EPCI_OUTLINES)
    transaction.on_commit(forget_outlines)
    bump_content_version()
    return LoadReport(regions=1, departements=len(departements), epcis=len(epci_rows), communes=len(communes))


def pays_save(*, pays: Pays, save_relations: Callable[[], None] | None = None) -> Pays:
    """Staff's Pays, from the admin or the demo: its slug from its name, its member EPCIs, every page that
    shows territories stale (a Pays changes the territory pages, filters and blocks)."""
    if not pays.slug:
        pays.slug = slugify(pays.name)[:160]
    pays.full_clean(exclude=["epcis"])
    pays.save()
    if save_relations is not None:
        save_relations()
    bump_content_version(Pays)
    forget_outlines()  # the observatory's map of the Pays
    return pays
