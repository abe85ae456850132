"""The territories of Centre-Val de Loire, as `load_territories` loads them (once per test session)."""

import io

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db.models import F

from cresol.territories.models import EPCI, Commune, Departement, Region

pytestmark = pytest.mark.django_db


def test_the_region_has_its_6_departements_82_epci_and_1754_communes():
    assert list(Region.objects.values_list("code", "name")) == [("24", "Centre-Val de Loire")]
    assert list(Departement.objects.values_list("code", flat=True)) == ["18", "28", "36", "37", "41", "45"]
    assert EPCI.objects.count() == 82
    assert Commune.objects.count() == 1754


def test_every_commune_has_its_point_inside_its_outline():
    assert not Commune.objects.exclude(geom__intersects=F("point")).exists()


def test_a_commune_knows_its_departement_epci_and_postal_codes():
    tours = Commune.objects.select_related("departement", "epci").get(code="37261")
    assert tours.name == "Tours"
    assert tours.departement.name == "Indre-et-Loire"
    assert tours.epci.name == "Tours Métropole Val de Loire"
    assert "37000" in tours.postal_codes
    assert tours.population > 100_000


def test_loading_again_changes_nothing_and_repairs_what_was_altered():
    Commune.objects.filter(code="37261").update(name="Tourz", population=1)
    output = io.StringIO()
    call_command("load_territories", stdout=output)
    assert "1754 communes" in output.getvalue()
    assert Commune.objects.count() == 1754
    assert EPCI.objects.count() == 82
    tours = Commune.objects.get(code="37261")
    assert (tours.name, tours.search_name) == ("Tours", "tours")
    assert tours.population > 100_000


def test_the_commune_containing_a_point_is_found():
    place_plumereau = Point(0.6825, 47.3956, srid=4326)
    assert list(Commune.objects.containing(place_plumereau).values_list("code", flat=True)) == ["37261"]
    paris = Point(2.3522, 48.8566, srid=4326)
    assert not Commune.objects.containing(paris).exists()
