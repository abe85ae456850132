"""What a territory's page needs, whatever its level: its name, its outline, how the sections select
their contents in it, and its neighbours."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.db.models import Union
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import EPCI, Commune, Departement, Pays, PaysKind, Region
from .search import normalize


@dataclass
class Territory:
    kind: str  # "région", "département", "intercommunalité", "commune"
    name: str
    url: str
    outline: object | None  # a geometry in WGS84, drawn on the page's map
    communes: dict  # the territory as a filter on Commune, e.g. {"departement__code": "37"} (empty: all)
    filters: dict = field(default_factory=dict)  # the sections' query parameters for it, e.g. {"departement": "37"}
    neighbours: list = field(default_factory=list)  # (name, url) pairs
    parents: list = field(default_factory=list)  # (name, url) pairs: the larger territories it belongs to
    pays: Any = None  # a Pays' page: its conseil de développement

    def commune_lookup(self, path: str) -> Q:
        """The territory as a filter on a model whose `path` leads to a commune, e.g. "commune__"."""
        return Q(**{f"{path}{key}": value for key, value in self.communes.items()})

    @property
    def query(self) -> str:
        return "&".join(f"{key}={value}" for key, value in self.filters.items())


def departement_url(departement: Any) -> str:
    return reverse("territories:departement", args=[departement.code])


def pays_url(pays: Any) -> str:
    return reverse("territories:pays", args=[pays.slug])


def epci_url(epci: Any) -> str:
    return reverse("territories:epci", args=[epci.siren])


def commune_url(commune: Any) -> str:
    return reverse("territories:commune", args=[commune.code])


def region() -> Territory:
    region = Region.objects.first()
    if region is None:
        raise Http404
    departements = list(Departement.objects.order_by("code").only("code", "name"))
    every_pays = list(Pays.objects.order_by("name").only("slug", "name"))
    return Territory(
        kind="région",
        name=region.name,
        url=reverse("territories:region"),
        outline=None,
        communes={},
        neighbours=[(str(departement), departement_url(departement)) for departement in departements]
        + [(item.name, pays_url(item)) for item in every_pays],
    )


def departement(code: str) -> Territory:
    departement = Departement.objects.filter(code=code).first()
    if departement is None:
        raise Http404
    touching = Departement.objects.filter(geom__touches=departement.geom).exclude(pk=departement.pk).order_by("code")
    return Territory(
        kind="département",
        name=str(departement),
        url=departement_url(departement),
        outline=departement.geom,
        communes={"departement__code": code},
        filters={"departement": code},
        neighbours=[(str(other), departement_url(other)) for other in touching.only("code", "name")],
        parents=[("Centre-Val de Loire", reverse("territories:region"))],
    )


def epci(siren: str) -> Territory:
    epci = EPCI.objects.filter(siren=siren).first()
    if epci is None:
        raise Http404
    outline = Commune.objects.filter(epci=epci).aggregate(outline=Union("geom"))["outline"]
    touching = (
        EPCI.objects.filter(communes__geom__touches=outline).exclude(pk=epci.pk).distinct().order_by("name")
        if outline
        else EPCI.objects.none()
    )
    departements = Departement.objects.filter(communes__epci=epci).distinct().order_by("code")
    return Territory(
        kind="intercommunalité",
        name=epci.name,
        url=epci_url(epci),
        outline=outline,
        communes={"epci__siren": siren},
        filters={"epci": siren},
        neighbours=[(other.name, epci_url(other)) for other in touching.only("siren", "name")],
        parents=[(p.name, pays_url(p)) for p in epci.pays.only("slug", "name")]
        + [(str(d), departement_url(d)) for d in departements.only("code", "name")],
    )


def pays(slug: str) -> Territory:
    pays = Pays.objects.filter(slug=slug).first()
    if pays is None:
        raise Http404
    members = list(pays.epcis.order_by("name").only("siren", "name"))
    outline = Commune.objects.filter(epci__in=members).aggregate(outline=Union("geom"))["outline"]
    departements = Departement.objects.filter(communes__epci__in=members).distinct().order_by("code")
    return Territory(
        kind=PaysKind(pays.kind).label.split(" (")[0],
        name=pays.name,
        url=pays_url(pays),
        outline=outline,
        communes={"epci__pays__slug": slug},
        filters={"pays": slug},
        neighbours=[(epci.name, epci_url(epci)) for epci in members],
        parents=[(str(d), departement_url(d)) for d in departements.only("code", "name")],
        pays=pays,
    )


def commune(code: str) -> Territory:
    commune = Commune.objects.select_related("departement", "epci").filter(code=code).first()
    if commune is None:
        raise Http404
    touching = Commune.objects.filter(geom__touches=commune.geom).exclude(pk=commune.pk).order_by("name")
    parents = [(str(commune.departement), departement_url(commune.departement))]
    if commune.epci is not None:
        parents[:0] = [(commune.epci.name, epci_url(commune.epci))] + [
            (p.name, pays_url(p)) for p in commune.epci.pays.only("slug", "name")
        ]
    return Territory(
        kind="commune",
        name=commune.name,
        url=commune_url(commune),
        outline=commune.geom,
        communes={"code": code},
        filters={"commune": code},
        neighbours=[(other.name, commune_url(other)) for other in touching.only("code", "name")],
        parents=parents,
    )


def named(typed: str, *, limit: int = 5) -> list[tuple[str, str, str]]:
    """The territories whose name is what was typed (accents, case and hyphens aside) or, for five
    digits, the communes of that postal code: (name, what its page is, url) for the site search, which
    listed a commune's look-alike contents but never its page."""
    needle = normalize(typed)
    if not needle:
        return []
    found = [
        (str(d), _("la page du département"), departement_url(d))
        for d in Departement.objects.only("code", "name")
        if normalize(d.name) == needle
    ]
    communes = Commune.objects.named(typed) if typed.strip().isdigit() else Commune.objects.filter(search_name=needle)
    communes = communes.select_related("departement").only("code", "name", "departement__code")
    for commune in communes.order_by("-population")[:limit]:
        found.append((f"{commune.name} ({commune.departement.code})", _("la page de la commune"), commune_url(commune)))
    return found[:limit]
