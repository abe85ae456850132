"""A member lists an initiative: the form, its checks, duplicates, and what happens after saving."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pytest_django.asserts import assertContains

from cresol.moderation.models import ModerationEvent, Status
from cresol.themes.models import Theme
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db

URL = "/initiatives/proposer/"


def valid_data(**overrides):
    data = {
        "name": "Atelier vélo de Vierzon",
        "summary": "On répare son vélo ensemble, avec des outils partagés.",
        "description": "Ouvert à **toutes et tous**.",
        "themes": [Theme.objects.get(slug="mobilite").pk, Theme.objects.get(slug="reemploi-zero-dechet").pk],
        "tags": "vélo, réparation",
        "kind": "association",
        "siret": "",
        "address": "3 rue des Ateliers",
        "commune_name": "Vierzon",
        "point": "",
        "website": "https://atelier-velo-vierzon.example.org",
        "email": "",
        "phone": "",
        "social_links": "",
        "opening_hours": "Sa 09:00-12:00",
        "opening_hours_note": "Sur rendez-vous le reste de la semaine",
        "image_alt": "",
        "founded_year": "2019",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member_client(client):
    member = UserFactory()
    client.force_login(member)
    client.member = member
    return client


def png_upload(size=(800, 600), name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 80)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_proposing_needs_an_account(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_a_proposal_awaits_moderation_tells_the_moderators_and_shows_in_the_member_space(
    member_client, mailoutbox, run_jobs
):
    moderator = ModeratorFactory()
    response = member_client.post(URL, valid_data())
    run_jobs()
    initiative = Initiative.objects.get(name="Atelier vélo de Vierzon")
    assert response.status_code == 302
    assert response["Location"] == f"/initiatives/{initiative.slug}/merci/"
    assert initiative.status == Status.PENDING
    assert initiative.submitted_by == member_client.member
    assert initiative.commune.code == "18279"
    assert initiative.point == initiative.commune.point  # no point placed: the commune's
    assert initiative.main_theme.slug == "mobilite"
    assert sorted(initiative.tags.names()) == ["réparation", "vélo"]
    assert ModerationEvent.objects.filter(object_id=initiative.pk, action="submit").exists()
    assert [m.to for m in mailoutbox] == [[moderator.email]]
    page = html.unescape(page_text(member_client.get(response["Location"])))
    assert "attend maintenant la relecture" in page
    space = page_text(member_client.get("/mon-espace/"))
    assert "Atelier vélo de Vierzon" in space and "En attente" in space


def test_a_point_placed_on_the_map_is_kept(member_client):
    point = '{"type": "Point", "coordinates": [2.0687, 47.2218]}'
    member_client.post(URL, valid_data(point=point))
    initiative = Initiative.objects.get(name="Atelier vélo de Vierzon")
    assert (round(initiative.point.x, 4), round(initiative.point.y, 4)) == (2.0687, 47.2218)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"siret": "12345678901234"}, "siret", "clé de contrôle"),
        ({"siret": "1234"}, "siret", "14 chiffres"),
        ({"commune_name": "Lyon"}, "commune_name", "Aucune commune de Centre-Val de Loire"),
        ({"summary": "x" * 301}, "summary", "300 caractères"),
        ({"themes": []}, "themes", "obligatoire"),
        ({"point": '{"type": "Point", "coordinates": [500, 47]}'}, "point", "n'est pas valide"),
        ({"point": '{"type": "Polygon", "crs": "EPSG:2154"}'}, "point", "n'est pas valide"),
        ({"website": "", "email": "", "phone": ""}, None, "au moins un moyen de contact"),
        ({"social_links": "pas une adresse"}, "social_links", "n'est pas une adresse web"),
    ],
)
def test_a_mistake_is_explained_in_french_and_what_was_typed_is_kept(member_client, overrides, field, message):
    response = member_client.post(URL, valid_data(**overrides))
    content = html.unescape(page_text(response))
    assert response.status_code == 200
    assert message in content
    assert 'value="Atelier vélo de Vierzon"' in content
    assert "Sur rendez-vous le reste de la semaine" in content
    assert not Initiative.objects.exists()


def test_a_valid_siret_is_accepted(member_client):
    member_client.post(URL, valid_data(siret="443 061 841 00047"))
    assert Initiative.objects.get().siret == "44306184100047"


def test_possible_duplicates_are_shown_and_the_member_confirms(member_client):
    vierzon = InitiativeFactory(
        name="Atelier vélo Vierzon",
        slug="atelier-velo-vierzon",
        commune=_commune("18279"),
        point=_commune("18279").point,
    )
    first = member_client.post(URL, valid_data())
    content = html.unescape(page_text(first))
    assert "peut-être déjà sur la carte" in content
    assert vierzon.get_absolute_url() in content
    assert not Initiative.objects.filter(status=Status.PENDING).exists()

    member_client.post(URL, valid_data(not_a_duplicate="on"))
    created = Initiative.objects.get(status=Status.PENDING)
    assert created.duplicate_acknowledged
    assert created.slug != vierzon.slug


@pytest.mark.parametrize("field", ["website", "siret"])
def test_the_same_website_or_siret_anywhere_is_a_possible_duplicate(member_client, field):
    InitiativeFactory(
        name="Tout autre nom", website="https://www.atelier-velo-vierzon.example.org/", siret="44306184100047"
    )
    overrides = {"siret": "44306184100047"} if field == "siret" else {}
    content = html.unescape(page_text(member_client.post(URL, valid_data(**overrides))))
    assert "Tout autre nom" in content


def _commune(code):
    from cresol.territories.models import Commune

    return Commune.objects.get(code=code)


def test_an_image_is_reencoded_with_a_thumbnail_and_needs_its_alternative_text(member_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    without_alt = member_client.post(URL, {**valid_data(), "image": png_upload()})
    assert "Décrivez l'image" in html.unescape(page_text(without_alt))

    member_client.post(URL, {**valid_data(image_alt="Un vélo sur un établi"), "image": png_upload((3000, 2000))})
    initiative = Initiative.objects.get()
    assert initiative.image.name.endswith(".webp")
    with Image.open(initiative.image.path) as stored:
        assert stored.format == "WEBP"
        assert max(stored.size) == 1600
    with Image.open(initiative.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) == 400


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png"), "image"),
        (SimpleUploadedFile("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", content_type="image/gif"), "image"),
    ],
)
def test_a_file_that_is_not_an_accepted_image_is_refused(member_client, upload, message):
    response = member_client.post(URL, {**valid_data(image_alt="x"), "image": upload})
    assertContains(response, "errorlist")
    assert not Initiative.objects.exists()


def test_an_image_over_5_mb_is_refused(member_client):
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10), content_type="image/png")
    response = member_client.post(URL, {**valid_data(image_alt="x"), "image": big})
    assertContains(response, "errorlist")
    assert not Initiative.objects.exists()


def test_markdown_in_the_description_is_rendered_once_when_saved(member_client):
    member_client.post(URL, valid_data(description="[piège](javascript:alert(1)) et **gras**"))
    initiative = Initiative.objects.get()
    assert "<strong>gras</strong>" in initiative.description_html
    assert 'href="javascript' not in initiative.description_html and "<a" not in initiative.description_html


def test_proposals_are_limited_per_member_and_what_was_typed_is_kept(member_client, mailoutbox, run_jobs):
    moderator = ModeratorFactory()
    from initiatives.views import PROPOSALS

    for number in range(PROPOSALS.limit):
        response = member_client.post(URL, valid_data(name=f"Atelier numéro {number}", not_a_duplicate="on"))
        assert response.status_code == 302
    refused = member_client.post(URL, valid_data(name="Une de trop", not_a_duplicate="on"))
    assert refused.status_code == 429
    assert "beaucoup d'initiatives en une heure" in html.unescape(page_text(refused, 429))
    assert 'value="Une de trop"' in html.unescape(page_text(refused, 429))
    assert Initiative.objects.count() == PROPOSALS.limit
    run_jobs()  # the moderators hear of each accepted proposal, not of the refused one
    assert [message.to for message in mailoutbox] == [[moderator.email]] * PROPOSALS.limit
    assert not any("Une de trop" in message.subject for message in mailoutbox)


def test_the_duplicate_notice_says_your_proposal_for_the_members_own(member_client):
    """It said "proposée par un autre membre" of the member's own proposal awaiting review."""
    member_client.post(URL, valid_data())
    assert Initiative.objects.filter(status=Status.PENDING, submitted_by=member_client.member).exists()
    InitiativeFactory(
        name="Atelier vélo de Vierzon bis",
        status=Status.PENDING,
        published_at=None,
        commune=_commune("18279"),
        point=_commune("18279").point,
    )  # another member's
    again = html.unescape(page_text(member_client.post(URL, valid_data(name="Atelier vélo de Vierzon"))))
    assert "(votre proposition, en attente de relecture)" in again
    assert "(proposée par un autre membre, en attente de relecture)" in again  # the other one, said so
