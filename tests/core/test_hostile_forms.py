"""What a hostile or clumsy member can type into the forms: a French error beside the field, never a 500.

Each case posts one hostile value into an otherwise valid form, then checks the error and that the
rest of what was typed is still there; a valid post beside it shows the form really saves.
"""

import html

import pytest

from agenda.models import Event
from blog.models import Post
from initiatives.models import Initiative
from tests.agenda.test_propose import valid_data as event_data
from tests.blog.test_writing import data as post_data
from tests.factories import InitiativeFactory, UserFactory
from tests.http import page_text
from tests.initiatives.test_propose import valid_data as initiative_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(username="camille")
    client.force_login(user)
    return user


def page(response) -> str:
    return html.unescape(page_text(response))


@pytest.mark.parametrize(
    ("field", "value"),
    [("tags", "vélo, ré\x00paration"), ("related_initiatives", "Ressource\x00rie"), ("coauthors", "lea\x00")],
)
def test_a_nul_character_in_tags_initiatives_or_coauthors_is_an_error_beside_the_field(client, member, field, value):
    response = client.post("/blog/ecrire/", post_data(**{field: value}, action="draft"))
    assert response.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in page(response)
    assert 'value="Notre repair café"' in page(response)
    assert not Post.objects.exists()
    assert client.post("/blog/ecrire/", post_data(action="draft")).status_code == 302
    assert Post.objects.count() == 1


def test_a_nul_character_in_an_initiatives_tags_is_an_error_beside_the_field(client, member):
    response = client.post("/initiatives/proposer/", initiative_data(tags="a\x00b"))
    assert response.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in page(response)
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("point", ["[" * 100_000 + "]" * 100_000, '{"type": "Point", "coordinates": ' + "[" * 5000])
def test_a_deeply_nested_map_point_is_an_invalid_position(client, member, point):
    response = client.post("/initiatives/proposer/", initiative_data(point=point))
    assert response.status_code == 200
    assert "La position indiquée sur la carte n'est pas valide." in page(response)
    assert "Atelier vélo de Vierzon" in page(response)


@pytest.mark.parametrize("field", ["day", "end_day", "until"])
def test_a_date_in_year_9999_is_refused_in_the_event_form(client, member, field):
    values = {field: "9999-12-31"}
    if field == "until":
        values["frequency"] = "WEEKLY"
    response = client.post("/agenda/proposer/", event_data(**values))
    assert response.status_code == 200
    assert "Choisissez une date entre 2000 et 2100." in page(response)
    assert not Event.objects.exists()


def test_an_excluded_date_in_year_9999_is_refused_too(client, member):
    response = client.post("/agenda/proposer/", event_data(frequency="WEEKLY", count="4", excluded_dates="31/12/9999"))
    assert "Choisissez une date entre 2000 et 2100." in page(response)


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\u2028"])
def test_single_line_fields_refuse_line_breaks(client, member, line_break):
    hostile = f"Asso{line_break}END:VEVENT{line_break}BEGIN:VEVENT"
    for url, data, field in [
        ("/agenda/proposer/", event_data(organiser_name=hostile), "organiser_name"),
        ("/agenda/proposer/", event_data(title=hostile), "title"),
        ("/initiatives/proposer/", initiative_data(name=hostile), "name"),
        ("/blog/ecrire/", post_data(title=hostile, action="draft"), "title"),
        ("/veille/partager/", {"url": "https://example.org/", "title": hostile, "comment": "Utile."}, "title"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert "Ce champ tient sur une ligne" in page(response), (url, field)
    assert not Event.objects.exists() and not Initiative.objects.exists() and not Post.objects.exists()
    assert client.post("/agenda/proposer/", event_data(organiser_name="Asso du quartier")).status_code == 302


def test_a_place_typed_with_a_nul_is_an_error_not_a_500(client, member):
    InitiativeFactory(name="La Ressourcerie")
    response = client.post("/agenda/proposer/", event_data(place_initiative="La Res\x00sourcerie"))
    assert response.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in page(response)
