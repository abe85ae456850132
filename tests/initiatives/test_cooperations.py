"""Coopérations: a member posts a need or an offer, moderators publish it once, others find it by place
and theme, see what may complement theirs, answer through the relay; it leaves the lists when fulfilled
or over, and the resource people of its territory hear of new needs once a week."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from cresol.moderation.models import Status
from cresol.moderation.services import moderation_approve
from cresol.territories.models import EPCI, Commune, Departement, Pays
from cresol.territories.services import pays_save
from cresol.themes.models import Theme
from initiatives.cooperations.models import Cooperation
from initiatives.cooperations.services import cooperation_set_fulfilled, needs_notify_people
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, make_cooperation, make_person
from tests.http import page_text

pytestmark = pytest.mark.django_db


def loire_touraine() -> Pays:
    pays = Pays(name="Pays Loire Touraine", kind="petr")
    members = EPCI.objects.filter(siren__in=["200043065", "200073161"])  # Val d'Amboise, Touraine-Est Vallées
    return pays_save(pays=pays, save_relations=lambda: pays.epcis.set(members))


def in_a_month() -> str:
    return (timezone.localdate() + timedelta(days=30)).isoformat()


def need_form(**overrides):
    data = {
        "direction": "besoin",
        "kind": "lieu",
        "title": "Une salle pour notre repair café",
        "description": "Une salle de 40 m² un samedi matin par mois, avec des tables et des prises.",
        "commune": "Amboise",
        "scope": "pays",
        "radius_km": "",
        "ends_on": in_a_month(),
        "themes": [Theme.objects.get(slug="reemploi-zero-dechet").pk],
    }
    data.update(overrides)
    return data


def test_a_need_for_a_room_in_a_pays_meets_an_offer_of_rooms_there_and_is_answered_through_the_relay(
    client, run_jobs, mailoutbox
):
    pays = loire_touraine()
    moderator = ModeratorFactory()
    reuse = Theme.objects.get(slug="reemploi-zero-dechet")
    host = UserFactory(display_name="Tiers-lieu de Montlouis")
    offer = make_cooperation(
        author=host,
        direction="offre",
        title="Notre salle de réunion, prêtée en semaine",
        commune="37156",  # Montlouis-sur-Loire, in the same Pays
        scope="pays",
        themes=[reuse],
    )
    run_jobs()
    mailoutbox.clear()

    seeker = UserFactory()
    client.force_login(seeker)
    response = client.post("/cooperations/proposer/", need_form(), follow=True)
    assertContains(response, "envoyée à l&#x27;équipe de modération")
    need = Cooperation.objects.get(title="Une salle pour notre repair café")
    assert (need.status, need.pays, need.submitted_by) == (Status.PENDING, pays, seeker)
    run_jobs()
    assert [moderator.email] in [message.to for message in mailoutbox]  # the moderators are told
    client.logout()
    assertNotContains(client.get("/cooperations/"), "Une salle pour notre repair café")
    assert client.get(need.get_absolute_url()).status_code == 404

    moderation_approve(obj=need, by=moderator)
    listing = page_text(client.get("/cooperations/", {"pays": pays.slug}), 200)
    assert "Une salle pour notre repair café" in listing and "Notre salle de réunion, prêtée en semaine" in listing

    # The host sees the need suggested on their offer's page, and answers it.
    client.force_login(host)
    offer_page = page_text(client.get(offer.get_absolute_url()), 200)
    assert "Peut-être complémentaire" in offer_page and "Une salle pour notre repair café" in offer_page
    mailoutbox.clear()
    response = client.post(
        need.get_absolute_url(),
        {
            "name": "Tiers-lieu de Montlouis",
            "email": "contact@tiers-lieu.example.net",
            "message": "Bonjour, notre salle est libre le samedi matin : passez la voir quand vous voulez.",
        },
        follow=True,
    )
    assertContains(response, "Votre réponse est transmise")
    assert seeker.email not in response.content.decode()
    run_jobs()
    [mail] = [message for message in mailoutbox if message.reply_to]  # not the "published" notice
    assert mail.to == [seeker.email] and mail.reply_to == ["contact@tiers-lieu.example.net"]
    assert "Une salle pour notre repair café" in mail.subject
    assert "notre salle est libre le samedi matin" in mail.body and "contact@tiers-lieu.example.net" in mail.body


def test_only_an_open_one_of_the_other_direction_same_kind_theme_and_territory_is_suggested(client):
    loire_touraine()
    reuse, food = Theme.objects.get(slug="reemploi-zero-dechet"), Theme.objects.get(slug="alimentation-agriculture")
    need = make_cooperation(title="Besoin d'une salle", commune="37003", scope="pays", themes=[reuse])
    offer = {"direction": "offre", "commune": "37156", "scope": "pays", "themes": [reuse]}
    make_cooperation(**{**offer, "title": "Complémentaire"})
    make_cooperation(**{**offer, "title": "Autre type", "kind": "materiel"})
    make_cooperation(**{**offer, "title": "Autre thématique", "themes": [food]})
    make_cooperation(**{**offer, "title": "Autre territoire", "commune": "18033", "scope": "departement"})
    make_cooperation(**{**offer, "title": "Même sens", "direction": "besoin"})
    make_cooperation(**{**offer, "title": "Pas encore publiée"}, published=False)
    cooperation_set_fulfilled(cooperation=make_cooperation(**{**offer, "title": "Déjà pourvue"}), fulfilled=True)
    text = page_text(client.get(need.get_absolute_url()), 200)
    suggested = text[text.index("Peut-être complémentaire") :]
    assert "Complémentaire" in suggested
    for title in ("Autre type", "Autre thématique", "Autre territoire", "Même sens", "Pas encore publiée", "Déjà"):
        assert title not in suggested, title


def test_a_territory_filter_finds_what_reaches_it_whatever_its_scope(client):
    make_cooperation(title="Dans un rayon de 20 km", commune="18033", scope="rayon", radius_km=20)
    make_cooperation(title="Dans tout le Cher", commune="18279", scope="departement")
    make_cooperation(title="À Vierzon seulement", commune="18279")
    make_cooperation(title="En Touraine", commune="37261", scope="departement")
    mehun = page_text(client.get("/cooperations/", {"commune": "Mehun-sur-Yèvre"}), 200)  # 20 km from Bourges
    assert "Dans un rayon de 20 km" in mehun and "Dans tout le Cher" in mehun
    assert "À Vierzon seulement" not in mehun and "En Touraine" not in mehun
    vierzon = page_text(client.get("/cooperations/", {"commune": "Vierzon"}), 200)  # 39 km from Bourges
    assert "À Vierzon seulement" in vierzon and "Dans tout le Cher" in vierzon
    assert "Dans un rayon de 20 km" not in vierzon
    cher = page_text(client.get("/cooperations/", {"departement": "18"}), 200)
    assert "3 annonces en cours" in cher and "En Touraine" not in cher
    epci = Commune.objects.get(code="18279").epci
    by_epci = page_text(client.get("/cooperations/", {"epci": epci.siren}), 200)
    assert "À Vierzon seulement" in by_epci and "Dans un rayon de 20 km" not in by_epci
    offers = page_text(client.get("/cooperations/", {"sens": "offre"}), 200)
    assert "Aucune annonce en cours" in offers
    bad = client.get("/cooperations/", {"commune": "Atlantide", "sens": "peut-etre"})
    assertContains(bad, "Aucune commune de Centre-Val de Loire ne correspond", status_code=400)
    assertContains(bad, "Atlantide", status_code=400)


def test_fulfilled_and_past_ones_leave_the_lists_and_stay_in_their_authors_space(client):
    author = UserFactory()
    done = make_cooperation(author=author, title="Salle trouvée")
    past = make_cooperation(author=author, title="Annonce échue")
    Cooperation.objects.filter(pk=past.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    make_cooperation(title="Toujours ouverte")
    client.force_login(author)
    response = client.post(f"/cooperations/{done.slug}/pourvue/", {"pourvue": "1"}, follow=True)
    assertContains(response, "marquée comme pourvue")
    client.logout()
    listing = page_text(client.get("/cooperations/"), 200)
    assert "Toujours ouverte" in listing
    assert "Salle trouvée" not in listing and "Annonce échue" not in listing
    assertContains(client.get(done.get_absolute_url()), "Pourvue le")
    assertContains(client.get(past.get_absolute_url()), "Cette annonce est terminée")
    answer = {"name": "Léa", "email": "lea@example.net", "message": "Un message assez long pour passer."}
    assert client.post(past.get_absolute_url(), answer).status_code == 404
    client.force_login(author)
    space = page_text(client.get("/mon-espace/"), 200)
    assert "Salle trouvée" in space and "Annonce échue" in space
    client.post(f"/cooperations/{done.slug}/pourvue/", {"pourvue": "0"})
    client.logout()
    assert "Salle trouvée" in page_text(client.get("/cooperations/"), 200)


def test_only_its_author_and_moderators_change_or_close_it(client):
    cooperation = make_cooperation(title="Une salle à Tours")
    client.force_login(UserFactory())
    assert client.get(f"/cooperations/{cooperation.slug}/modifier/").status_code == 403
    assert client.post(f"/cooperations/{cooperation.slug}/pourvue/", {"pourvue": "1"}).status_code == 403
    cooperation.refresh_from_db()
    assert cooperation.fulfilled_at is None
    client.force_login(cooperation.submitted_by)
    changed = client.post(
        f"/cooperations/{cooperation.slug}/modifier/",
        need_form(title="Une grande salle à Tours", commune="Tours", scope="commune"),
    )
    assert changed.status_code == 302
    cooperation.refresh_from_db()
    assert (cooperation.title, cooperation.status) == ("Une grande salle à Tours", Status.PUBLISHED)
    client.force_login(ModeratorFactory())
    assert client.get(f"/cooperations/{cooperation.slug}/modifier/").status_code == 200


def test_bad_input_comes_back_beside_its_field_with_what_was_typed(client):
    client.force_login(UserFactory())
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        "/cooperations/proposer/",
        need_form(ends_on=yesterday, scope="rayon", commune="Chinon", title="Une salle à Chinon"),
    )
    assertContains(response, "Cette date est passée", status_code=400)
    assertContains(response, "Indiquez le rayon, en kilomètres.", status_code=400)
    assertContains(response, "Une salle à Chinon", status_code=400)
    no_pays = client.post("/cooperations/proposer/", need_form(commune="Chinon"))  # its EPCI is in no Pays here
    assertContains(no_pays, "appartient à aucun Pays connu du portail", status_code=400)
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    assertContains(client.post("/cooperations/proposer/", need_form(ends_on=far)), "Un an au plus", status_code=400)
    assert not Cooperation.objects.exists()
    anonymous = client.__class__()
    assert anonymous.get("/cooperations/proposer/").status_code == 302  # to the login page


def test_a_member_posts_for_an_initiative_they_listed_and_it_shows_on_its_page(client):
    member = UserFactory()
    theirs = InitiativeFactory(name="Repair café d'Amboise", submitted_by=member)
    other = InitiativeFactory(name="Initiative d'un autre")
    client.force_login(member)
    form = page_text(client.get("/cooperations/proposer/"), 200)
    assert "Repair café d&#x27;Amboise" in form and "Initiative d&#x27;un autre" not in form
    refused = client.post("/cooperations/proposer/", need_form(initiative=other.pk, scope="commune"))
    assert refused.status_code == 400
    client.post("/cooperations/proposer/", need_form(initiative=theirs.pk, scope="commune"))
    cooperation = Cooperation.objects.get()
    moderation_approve(obj=cooperation, by=ModeratorFactory())
    client.logout()
    page = page_text(client.get(theirs.get_absolute_url()), 200)
    assert "Ses besoins et ses offres de coopération" in page and "Une salle pour notre repair café" in page
    assert "Ses besoins et ses offres" not in page_text(client.get(other.get_absolute_url()), 200)


def test_territory_and_theme_pages_and_the_site_search_show_the_open_ones(client):
    pays = loire_touraine()
    reuse = Theme.objects.get(slug="reemploi-zero-dechet")
    make_cooperation(
        title="Des outils de jardinage à prêter", direction="offre", kind="materiel", commune="37003", themes=[reuse]
    )
    make_cooperation(title="Des bénévoles à Bourges", kind="benevoles", commune="18033")
    pays_page = page_text(client.get(f"/territoires/pays/{pays.slug}/"), 200)
    assert "Des outils de jardinage à prêter" in pays_page and "Des bénévoles à Bourges" not in pays_page
    theme_page = page_text(client.get(f"/themes/{reuse.slug}/"), 200)
    assert "Des outils de jardinage à prêter" in theme_page and "Des bénévoles à Bourges" not in theme_page
    found = page_text(client.get("/recherche/", {"q": "jardinage"}), 200)
    assert "On propose : Des outils de jardinage à prêter" in found
    assert "Des outils" not in page_text(client.get("/recherche/", {"q": "jardinage", "departement": "18"}), 200)


def test_the_resource_people_of_its_territory_hear_of_a_new_need_once(run_jobs, mailoutbox):
    pays = loire_touraine()
    by_pays = make_person(display_name="Par le Pays", pays=[pays])
    by_department = make_person(display_name="Par la Touraine", departements=[Departement.objects.get(code="37")])
    make_person(display_name="Dans le Cher", departements=[Departement.objects.get(code="18")])
    make_cooperation(title="Une salle à Amboise", commune="37003", scope="pays")
    make_cooperation(title="Un local à Montlouis", kind="lieu", commune="37156")
    make_cooperation(title="Une offre ne se signale pas", direction="offre", commune="37003")
    make_cooperation(title="En attente", commune="37003", published=False)
    run_jobs()
    mailoutbox.clear()

    assert needs_notify_people() == 2
    run_jobs()
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([by_pays.user.email, by_department.user.email])
    for mail in mailoutbox:
        assert "Une salle à Amboise" in mail.body and "Un local à Montlouis" in mail.body
        assert "Une offre ne se signale pas" not in mail.body and "En attente" not in mail.body
    mailoutbox.clear()
    assert needs_notify_people() == 0  # a rerun, or next week with nothing new
    run_jobs()
    assert mailoutbox == []


def test_open_data_exports_feeds_and_map_never_show_the_author(client):
    loire_touraine()
    author = UserFactory(email="auteur.cache@example.org")
    make_cooperation(author=author, title='=HYPERLINK("http://evil")', commune="37003", scope="pays")
    make_cooperation(title="Une offre de matériel", direction="offre", kind="materiel", commune="18033")
    exported = b"".join(client.get("/cooperations/export.csv").streaming_content).decode()
    assert exported.startswith("\ufeffid;sens;type;titre")
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    assert sorted(row["titre"] for row in rows) == ['\'=HYPERLINK("http://evil")', "Une offre de matériel"]
    assert {row["territoire"] for row in rows} == {"Pays Loire Touraine", "Bourges"}
    data = json.loads(b"".join(client.get("/cooperations/export.json", {"sens": "offre"}).streaming_content))
    assert data["licence"] == "CC-BY-SA-4.0" and [c["titre"] for c in data["cooperations"]] == ["Une offre de matériel"]
    feed = client.get("/cooperations/flux/").content.decode()
    assert "Une offre de matériel" in feed and "On propose" in feed
    geojson = json.loads(client.get("/cooperations/carte.geojson").content)
    assert len(geojson["features"]) == 2
    for body in (exported, json.dumps(data), feed, json.dumps(geojson)):
        assert "auteur.cache" not in body
    assert client.get("/cooperations/export.csv", {"pays": "inconnu"}).status_code == 400
    assertContains(client.get("/donnees/"), "Coopérations : besoins et offres")


@pytest.mark.parametrize(
    "url", ["/cooperations/", "/cooperations/carte.geojson", "/cooperations/export.csv", "/cooperations/flux/"]
)
def test_lists_map_exports_and_feeds_run_the_same_queries_for_2_and_12(
    client, page_cache_off, django_assert_num_queries, url
):
    reuse = Theme.objects.get(slug="reemploi-zero-dechet")
    initiative = InitiativeFactory()

    def read():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        return body.decode()

    for number in range(2):
        make_cooperation(title=f"Annonce {number}", themes=[reuse], initiative=initiative)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    read()  # once, so that what is read once per process (the sections' registries) is not counted
    with CaptureQueriesContext(connection) as few:
        assert "Annonce 1" in read()
    for number in range(2, 12):
        make_cooperation(title=f"Annonce {number}", themes=[reuse], initiative=initiative)
    with django_assert_num_queries(len(few)):
        assert "Annonce 11" in read()


def test_answers_are_rate_limited_and_bots_are_thanked_without_a_message(client, run_jobs, mailoutbox):
    cooperation = make_cooperation()
    run_jobs()
    mailoutbox.clear()
    message = {"name": "Léa", "email": "lea@example.net", "message": "Un message assez long pour passer le filtre."}
    bot = client.post(cooperation.get_absolute_url(), {**message, "website": "http://spam.example"}, follow=True)
    assertContains(bot, "Votre réponse est transmise")
    for _ in range(4):
        assert client.post(cooperation.get_absolute_url(), message).status_code == 302
    limited = client.post(cooperation.get_absolute_url(), message)
    assertContains(limited, "réessayez plus tard", status_code=429)
    assertContains(limited, "Un message assez long pour passer le filtre.", status_code=429)
    run_jobs()
    assert len(mailoutbox) == 4  # the four real ones; the bot's was not sent


def test_the_letter_tells_of_the_months_new_open_ones():
    from cresol.letter.registry import Period
    from initiatives.cooperations.letter import new_cooperations

    make_cooperation(title="Nouvelle ce mois-ci")
    now = timezone.now()
    period = Period(first=now - timedelta(days=30), last=now + timedelta(minutes=1), next_last=now + timedelta(days=30))
    assert [item.title for item in new_cooperations(period)] == ["On cherche : Nouvelle ce mois-ci"]
