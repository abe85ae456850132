"""Personnes ressources: a member opts in, moderators publish the profile once, visitors find someone
serving their territory and write to them without ever seeing their address; opting out is immediate."""

import json

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from cresol.moderation.models import Status
from cresol.people.models import ResourcePerson
from cresol.territories.models import Commune, Departement
from tests.factories import ModeratorFactory, UserFactory, make_person
from tests.http import page_text

pytestmark = pytest.mark.django_db


def vierzon():
    return Commune.objects.select_related("epci", "departement").get(code="18279")


def profile_form(**overrides):
    data = {
        "display_name": "Camille Martin",
        "structure": "Tiers-lieu La Forge",
        "base_commune": "Vierzon",
        "departements": [],
        "epcis": [],
        "communes": "Vierzon, Bourges",
        "skills": ["animation", "gouvernance"],
        "themes": [],
        "bio": "J'anime des réseaux d'acteurs depuis dix ans.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_a_member_opts_in_and_the_profile_is_public_once_a_moderator_approves_it(client, run_jobs, mailoutbox):
    moderator = ModeratorFactory()
    member = UserFactory()
    client.force_login(member)
    response = client.post("/personnes-ressources/mon-profil/", profile_form(), follow=True)
    assertContains(response, "envoyé à l&#x27;équipe de modération")
    person = ResourcePerson.objects.get(user=member)
    assert person.status == Status.PENDING
    assert [c.name for c in person.communes.order_by("name")] == ["Bourges", "Vierzon"]
    assert person.point == vierzon().point
    run_jobs()
    assert [message.to for message in mailoutbox] == [[moderator.email]]
    client.logout()
    assertNotContains(client.get("/personnes-ressources/"), "Camille Martin")
    assert client.get(person.get_absolute_url()).status_code == 404

    from cresol.moderation.services import moderation_approve

    moderation_approve(obj=person, by=moderator)
    assertContains(client.get("/personnes-ressources/"), "Camille Martin")
    assertContains(client.get(person.get_absolute_url()), "J&#x27;anime des réseaux d&#x27;acteurs")


def test_its_owner_reads_a_profile_waiting_for_review_and_others_do_not(client):
    person = make_person(published=False, display_name="Profil en attente")
    assert client.get(person.get_absolute_url()).status_code == 404
    client.force_login(person.user)
    assertContains(client.get(person.get_absolute_url()), "attend la relecture")


def test_a_bad_profile_comes_back_with_its_errors_and_what_was_typed(client):
    client.force_login(UserFactory())
    response = client.post("/personnes-ressources/mon-profil/", profile_form(communes="Vierzon, Atlantide", consent=""))
    assertContains(response, "Aucune commune de Centre-Val de Loire ne correspond à : « Atlantide ».", status_code=400)
    assertContains(response, "J&#x27;anime des réseaux d&#x27;acteurs depuis dix ans.", status_code=400)
    assertContains(response, "Ce champ est obligatoire", status_code=400)  # the consent
    no_territory = client.post("/personnes-ressources/mon-profil/", profile_form(communes=""))
    assertContains(no_territory, "Indiquez au moins un territoire", status_code=400)
    assert not ResourcePerson.objects.exists()


def test_changes_to_a_published_profile_show_at_once(client):
    person = make_person(display_name="Lou Bernard", departements=[Departement.objects.get(code="37")])
    client.force_login(person.user)
    response = client.post("/personnes-ressources/mon-profil/", profile_form(display_name="Lou Bernard-Petit"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == Status.PUBLISHED
    client.logout()
    assertContains(client.get("/personnes-ressources/"), "Lou Bernard-Petit")


def test_a_visitor_finds_the_people_serving_their_epci_whatever_the_level_they_named(client):
    town = vierzon()
    neighbour = Commune.objects.filter(epci=town.epci).exclude(pk=town.pk).first()
    make_person(display_name="Par le département", departements=[town.departement])
    make_person(display_name="Par l'intercommunalité", epcis=[town.epci])
    make_person(display_name="Par une commune voisine", communes=[neighbour])
    make_person(display_name="En Touraine seulement", departements=[Departement.objects.get(code="37")])
    make_person(display_name="Pas encore publiée", epcis=[town.epci], published=False)

    found = page_text(client.get("/personnes-ressources/", {"epci": town.epci.siren}), 200)
    assert "3 personnes ressources" in found
    for name in ("Par le département", "Par l&#x27;intercommunalité", "Par une commune voisine"):
        assert name in found
    assert "En Touraine seulement" not in found and "Pas encore publiée" not in found
    # The commune itself: the département and the EPCI cover it; the neighbour's commune does not.
    in_town = page_text(client.get("/personnes-ressources/", {"commune": "Vierzon"}), 200)
    assert "Par le département" in in_town and "Par l&#x27;intercommunalité" in in_town
    assert "Par une commune voisine" not in in_town
    # The Indre-et-Loire has only its own.
    touraine = page_text(client.get("/personnes-ressources/", {"departement": "37"}), 200)
    assert "En Touraine seulement" in touraine and "Par le département" not in touraine


def test_the_directory_filters_by_skill_and_theme(client):
    from cresol.themes.models import Theme

    theme = Theme.objects.get(slug="habitat")
    make_person(display_name="Dominique Statuts", skills=["juridique"], themes=[theme])
    make_person(display_name="Sam Réunions", skills=["animation"])
    by_skill = page_text(client.get("/personnes-ressources/", {"competence": "juridique"}), 200)
    assert "Dominique Statuts" in by_skill and "Sam Réunions" not in by_skill
    by_theme = page_text(client.get("/personnes-ressources/", {"theme": "habitat"}), 200)
    assert "Dominique Statuts" in by_theme and "Sam Réunions" not in by_theme


def test_a_bad_filter_is_a_400_in_french(client):
    assertContains(client.get("/personnes-ressources/", {"departement": "99"}), "Filtres invalides", status_code=400)
    response = client.get("/personnes-ressources/carte.geojson", {"competence": "magie"})
    assert response.status_code == 400 and "competence" in response.json()["details"]


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_and_the_map_run_the_same_queries_whatever_the_number_of_people(
    client, page_cache_off, django_assert_max_num_queries, count
):
    from cresol.themes.models import Theme

    themes = list(Theme.objects.all()[:2])
    for number in range(count):
        make_person(display_name=f"Personne {number:02d}", themes=themes, departements=[vierzon().departement])
    # 9: the filters' choices (départements, EPCIs, Pays, themes) are one query each, whatever the count.
    with django_assert_max_num_queries(9):
        response = client.get("/personnes-ressources/", {"departement": "18"})
    assertContains(response, f"{count} personnes ressources")
    assertContains(response, "Personne 01")
    with django_assert_max_num_queries(3):
        response = client.get("/personnes-ressources/carte.geojson", {"departement": "18"})
    features = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert response.status_code == 200 and len(features["features"]) == count
    assert features["features"][0]["properties"]["url"].startswith("/personnes-ressources/personne-")
    assert features["license"] == "ODbL-1.0"


def test_a_message_arrives_by_email_and_the_address_is_never_shown(client, run_jobs, mailoutbox):
    person = make_person(display_name="Camille Martin")
    run_jobs()
    mailoutbox.clear()
    page = page_text(client.get(person.get_absolute_url()), 200)
    assert "Camille Martin" in page and person.user.email not in page
    response = client.post(
        person.get_absolute_url(),
        {
            "name": "Léa Visiteuse",
            "email": "lea@example.net",
            "message": "Bonjour, nous lançons une épicerie solidaire à Vierzon : pouvez-vous nous aider ?",
        },
        follow=True,
    )
    assertContains(response, "Votre message est envoyé à Camille Martin")
    assert person.user.email not in response.content.decode()
    run_jobs()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [person.user.email] and mail.reply_to == ["lea@example.net"]
    assert "Léa Visiteuse" in mail.subject
    assert "épicerie solidaire à Vierzon" in mail.body and "lea@example.net" in mail.body


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_sent(client, run_jobs, mailoutbox):
    person = make_person()
    run_jobs()
    mailoutbox.clear()
    message = {"name": "Robot", "email": "bot@example.net", "message": "Achetez nos produits miracles maintenant !"}
    response = client.post(person.get_absolute_url(), {**message, "website": "http://spam.example"}, follow=True)
    assertContains(response, "Votre message est envoyé")
    run_jobs()
    assert mailoutbox == []
    client.post(person.get_absolute_url(), {**message, "name": "Une personne"})  # the positive control
    run_jobs()
    assert len(mailoutbox) == 1


def test_a_bad_message_keeps_what_was_typed_and_floods_are_stopped(client, run_jobs, mailoutbox):
    person = make_person()
    short = client.post(person.get_absolute_url(), {"name": "Léa", "email": "pas-une-adresse", "message": "Salut"})
    assertContains(short, "Saisissez une adresse e-mail valide, de la forme nom@domaine.fr", status_code=400)
    assertContains(short, "pas-une-adresse", status_code=400)
    message = {"name": "Léa", "email": "lea@example.net", "message": "Un message assez long pour passer le filtre."}
    for _ in range(4):  # the first bad try counted: 5 an hour
        assert client.post(person.get_absolute_url(), message).status_code == 302
    limited = client.post(person.get_absolute_url(), message)
    assertContains(limited, "réessayez plus tard", status_code=429)
    assertContains(limited, "Un message assez long pour passer le filtre.", status_code=429)
    run_jobs()
    assert len([mail for mail in mailoutbox if mail.subject.startswith("[Cré-sol] Message de Léa")]) == 4


def test_opting_out_removes_the_profile_at_once(client):
    person = make_person(display_name="Sacha Durand")
    other = make_person(display_name="Reste dans l'annuaire")
    assertContains(client.get("/personnes-ressources/"), "Sacha Durand")
    client.force_login(person.user)
    response = client.post("/personnes-ressources/mon-profil/retirer/", follow=True)
    assertContains(response, "Votre profil est retiré")
    assert not ResourcePerson.objects.filter(pk=person.pk).exists()
    client.logout()
    listing = page_text(client.get("/personnes-ressources/"), 200)
    assert "Sacha Durand" not in listing and other.display_name.replace("'", "&#x27;") in listing
    assert client.get(person.get_absolute_url()).status_code == 404
    geojson = client.get("/personnes-ressources/carte.geojson").json()
    assert [f["properties"]["name"] for f in geojson["features"]] == [other.display_name]


def test_the_profile_form_asks_an_account_and_removing_asks_a_post(client):
    response = client.get("/personnes-ressources/mon-profil/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    client.force_login(UserFactory())
    assertContains(client.get("/personnes-ressources/mon-profil/"), "Devenir personne ressource")
    assert client.get("/personnes-ressources/mon-profil/retirer/").status_code == 405
