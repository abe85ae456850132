"""Alerts: "Me prévenir" keeps a page's filters; after a confirmed address, one e-mail per period lists
what was published since and matches — initiatives, events, cooperations, posts… —, never twice; one
click stops it; it is also a private feed; members manage theirs in « Mon espace »."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains

from cresol.alerts.models import Alert
from cresol.alerts.services import alert_create, alerts_send
from cresol.territories.models import Commune
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, UserFactory, make_cooperation, make_event, make_post
from tests.http import page_text

pytestmark = pytest.mark.django_db


def bourges() -> Commune:
    return Commune.objects.get(code="18033")


def alert_form(**overrides):
    data = {
        "sources": ["initiatives", "agenda"],
        "words": "jardins partagés",
        "commune": "Bourges",
        "radius_km": "20",
        "frequency": "quotidienne",
        "email": "camille@example.net",
    }
    data.update(overrides)
    return data


def link_in(body: str, path: str) -> str:
    return urlparse(re.search(rf"https?://\S+{path}\S+", body).group(0)).path


def test_a_visitor_saves_jardins_partages_near_bourges_and_hears_once_of_the_new_initiative_and_event(
    client, run_jobs, mailoutbox
):
    # From the map's own filters to the alert's form, prefilled.
    page = page_text(client.get("/initiatives/", {"q": "jardins partagés", "commune": "Bourges"}), 200)
    link = re.search(r'href="(/alertes/nouvelle/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    form = page_text(client.get(link), 200)
    assert 'value="jardins partagés"' in form and 'value="Bourges"' in form
    assert re.search(r'value="initiatives"[^>]*checked', form)

    InitiativeFactory(name="Jardins partagés d'avant l'alerte", commune=bourges())  # published before: never sent
    response = client.post("/alertes/nouvelle/", alert_form())
    assertContains(response, "envoyé à camille@example.net. Cliquez sur son lien pour confirmer")
    run_jobs()
    [confirmation] = mailoutbox
    assert "à 20 km de Bourges" in confirmation.body and "« jardins partagés »" in confirmation.body
    assert alerts_send(now=timezone.now()) == 0  # nothing before the address is confirmed

    confirm = link_in(confirmation.body, "/alertes/confirmer/")
    assertContains(client.get(confirm), "Confirmer mon alerte")  # a button: a mail scanner confirms nothing
    assertContains(client.post(confirm), "est confirmé : vous recevrez un e-mail")
    mailoutbox.clear()

    InitiativeFactory(name="Jardins partagés des Gibjoncs", commune=bourges())
    make_event(title="Fête des jardins partagés", commune=Commune.objects.get(code="18205"))  # Saint-Doulchard
    InitiativeFactory(name="Jardins partagés de Tours", commune=Commune.objects.get(code="37261"))  # too far
    InitiativeFactory(name="Épicerie solidaire de Bourges", commune=bourges())  # not the words
    make_event(title="Atelier vélo", commune=bourges())
    make_cooperation(title="Des jardins partagés cherchent des bénévoles", commune="18033")  # not watched

    assert alerts_send(now=timezone.now()) == 1
    run_jobs()
    [mail] = [message for message in mailoutbox if message.to == ["camille@example.net"]]
    assert "2 nouveautés" in mail.subject
    assert "Jardins partagés des Gibjoncs" in mail.body and "Fête des jardins partagés" in mail.body
    for other in ("avant l'alerte", "de Tours", "Épicerie", "Atelier vélo", "cherchent des bénévoles"):
        assert other not in mail.body, other
    unsubscribe = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The same day again, then the next day with nothing new: nothing; then only what is new.
    mailoutbox.clear()
    assert alerts_send(now=timezone.now()) == 0
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert alerts_send(now=timezone.now(), day=tomorrow) == 0
    InitiativeFactory(name="Jardins partagés du Val d'Auron", commune=bourges())
    assert alerts_send(now=timezone.now(), day=tomorrow + timedelta(days=1)) == 1
    run_jobs()
    [second] = mailoutbox
    assert "Val d'Auron" in second.body and "Gibjoncs" not in second.body

    # One click from the mail client (no CSRF, RFC 8058) stops it for good.
    assert client.post(urlparse(unsubscribe).path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Alert.objects.exists()


def test_a_retried_run_sends_nothing_twice(run_jobs, mailoutbox):
    alert = alert_create(email="lou@example.net", data={"sources": ["initiatives"], "frequency": "quotidienne"})
    from cresol.alerts.services import alert_confirm

    alert_confirm(alert=alert)
    InitiativeFactory(name="Ressourcerie de Vierzon")
    moment = timezone.now()
    assert alerts_send(now=moment) == 1
    assert alerts_send(now=moment) == 0  # the job retried, or run twice by hand
    run_jobs()
    assert len([mail for mail in mailoutbox if mail.to == ["lou@example.net"]]) == 2  # the confirmation, one alert


def test_a_weekly_alert_waits_for_the_next_monday(run_jobs, mailoutbox):
    member = UserFactory()
    alert_create(email=member.email, user=member, data={"sources": ["initiatives"], "frequency": "hebdomadaire"})
    InitiativeFactory(name="Tiers-lieu de Bourges")
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    assert alerts_send(now=timezone.now(), day=today) == 0  # made this week: not before Monday
    assert alerts_send(now=timezone.now(), day=next_monday) == 1
    assert alerts_send(now=timezone.now(), day=next_monday + timedelta(days=1)) == 0  # once a week
    run_jobs()
    assert any("Tiers-lieu de Bourges" in mail.body for mail in mailoutbox if mail.to == [member.email])


def test_themes_territories_and_sections_without_a_place(run_jobs, mailoutbox):
    from cresol.territories.models import EPCI, Pays
    from cresol.territories.services import pays_save

    pays = Pays(name="Pays Loire Touraine", kind="petr")
    pays_save(pays=pays, save_relations=lambda: pays.epcis.set(EPCI.objects.filter(siren="200043065")))
    food = Theme.objects.get(slug="alimentation-agriculture")
    member = UserFactory()
    data = {"sources": ["cooperations", "blog"], "themes": [food], "pays": pays, "frequency": "quotidienne"}
    alert_create(email=member.email, user=member, data=data)
    make_cooperation(title="Un local pour une AMAP", commune="37003", themes=[food])  # Amboise, in the Pays
    make_cooperation(title="Une offre du département", commune="37261", scope="departement", themes=[food])
    make_cooperation(title="Une AMAP à Bourges", commune="18033", themes=[food])  # elsewhere
    make_cooperation(title="Un local pour un repair café", commune="37003")  # another theme
    make_post(title="Monter une AMAP", themes=[food], publish_at=timezone.now())  # no place: no territory
    assert alerts_send(now=timezone.now()) == 1
    run_jobs()
    [mail] = [message for message in mailoutbox if message.to == [member.email]]
    assert "Un local pour une AMAP" in mail.body and "Une offre du département" in mail.body  # its reach covers
    assert "Monter une AMAP" in mail.body
    assert "Une AMAP à Bourges" not in mail.body and "repair café" not in mail.body


def test_bad_input_is_said_beside_the_field_and_kept(client):
    response = client.post(
        "/alertes/nouvelle/",
        alert_form(sources=[], departement="18", email="pas-une-adresse", words="mots gardés", radius_km="20"),
    )
    assertContains(response, "Cochez au moins une rubrique à suivre.", status_code=400)
    assertContains(response, "Choisissez un seul territoire", status_code=400)
    assertContains(response, "Saisissez une adresse e-mail valide", status_code=400)
    assertContains(response, "mots gardés", status_code=400)
    alone = client.post("/alertes/nouvelle/", alert_form(commune="", radius_km="20"))
    assertContains(alone, "Indiquez la commune autour de laquelle chercher.", status_code=400)
    assert client.get("/alertes/nouvelle/", {"lat": "abc", "rayon": "x", "theme": "inconnu"}).status_code == 200
    assert not Alert.objects.exists()


def test_bots_and_floods_are_stopped(client, run_jobs, mailoutbox):
    bot = client.post("/alertes/nouvelle/", alert_form(website="http://spam.example"))
    assertContains(bot, "un e-mail vient d")
    assert not Alert.objects.exists()
    for number in range(9):  # the bot's try counted: 10 an hour from one address
        assert client.post("/alertes/nouvelle/", alert_form(email=f"a{number}@example.net")).status_code == 200
    limited = client.post("/alertes/nouvelle/", alert_form(email="trop@example.net"))
    assertContains(limited, "réessayez plus tard", status_code=429)
    assertContains(limited, "trop@example.net", status_code=429)
    assert Alert.objects.count() == 9


def test_a_member_manages_their_alerts_and_reads_them_as_feeds(client, run_jobs, mailoutbox):
    member, other = UserFactory(), UserFactory()
    client.force_login(member)
    response = client.post("/alertes/nouvelle/", alert_form(email=""), follow=True)  # their own address, at once
    assertContains(response, "Votre alerte est enregistrée")
    alert = Alert.objects.get()
    assert alert.email == member.email and alert.is_confirmed
    run_jobs()
    assert mailoutbox == []  # no confirmation asked of a verified address
    space = page_text(client.get("/mon-espace/"), 200)
    assert "initiatives, événements : « jardins partagés » · à 20 km de Bourges" in space
    assert f"/alertes/flux/{alert.feed_key}/rss/" in space and f"/alertes/flux/{alert.feed_key}/agenda.ics" in space

    InitiativeFactory(name="Jardins partagés des Gibjoncs", commune=bourges())
    make_event(title="Fête des jardins partagés", commune=bourges())
    make_event(title="Atelier vélo", commune=bourges())
    feed = client.get(f"/alertes/flux/{alert.feed_key}/rss/").content.decode()
    assert "Jardins partagés des Gibjoncs" in feed and "Fête des jardins partagés" in feed
    assert "Atelier vélo" not in feed
    calendar = Calendar.from_ical(client.get(f"/alertes/flux/{alert.feed_key}/agenda.ics").content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Fête des jardins partagés"]
    assert client.get("/alertes/flux/inconnue/rss/").status_code == 404

    client.post(f"/alertes/{alert.pk}/frequence/", {"frequency": "hebdomadaire"})
    alert.refresh_from_db()
    assert alert.frequency == "hebdomadaire"
    client.force_login(other)
    assert client.post(f"/alertes/{alert.pk}/supprimer/").status_code == 404
    assert Alert.objects.filter(pk=alert.pk).exists()
    client.force_login(member)
    client.post(f"/alertes/{alert.pk}/supprimer/")
    assert not Alert.objects.exists()
    assertNotContains(client.get("/mon-espace/"), "jardins partagés")


def test_an_unconfirmed_alert_is_forgotten_after_a_week_and_its_feed_stays_closed(client):
    alert = alert_create(email="oubli@example.net", data={"sources": ["initiatives"]})
    assert client.get(f"/alertes/flux/{alert.feed_key}/rss/").status_code == 404
    alerts_send(now=timezone.now() + timedelta(days=7))
    assert Alert.objects.filter(pk=alert.pk).exists()
    alerts_send(now=timezone.now() + timedelta(days=9))
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_a_run_costs_the_same_queries_for_3_and_30_alerts(run_jobs):
    """All the alerts of a batch are matched by PostgreSQL at once: one query per section watched."""

    def alerts(count):
        for _number in range(count):
            member = UserFactory()
            data = {"sources": ["initiatives", "agenda"], "frequency": "quotidienne"}
            alert_create(email=member.email, user=member, data=data)

    def run(day, expected):
        InitiativeFactory(name="Ressourcerie de Vierzon")
        make_event(title="Repair café de Vierzon")
        with CaptureQueriesContext(connection) as queries:
            assert alerts_send(now=timezone.now(), day=day) == expected
        return len(queries)

    alerts(3)
    today = timezone.localdate()
    few = run(today, 3)
    alerts(27)
    many = run(today + timedelta(days=1), 30)
    assert few == many
    assert Alert.objects.filter(last_sent_at__isnull=False).count() == 30
