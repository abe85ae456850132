"""The agenda on partners' sites: /agenda/embed/ in their iframes (any site may frame it, cached or
not), with the agenda's filters, a list or a month, their colour made readable; and the builder."""

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client

from agenda.recurrence import PARIS
from cresol.core.embedding import contrast_with_white, readable
from cresol.territories.models import Commune
from cresol.themes.models import Theme
from tests.factories import make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def framable(response) -> bool:
    policy = response["Content-Security-Policy"]
    return "frame-ancestors *" in policy and "X-Frame-Options" not in response


def test_the_widget_lists_the_next_dates_chosen_by_the_agendas_filters_in_any_iframe(client):
    habitat = Theme.objects.get(slug="habitat")
    make_event(title="Visite habitat groupé", themes=[habitat], commune=Commune.objects.get(name="Vierzon"))
    make_event(title="Repair café")
    page = client.get("/agenda/embed/?theme=habitat&nombre=5")
    assert page.status_code == 200 and framable(page)
    text = page_text(page)
    assert "Visite habitat groupé" in text and "Vierzon" in text
    assert "Repair café" not in text
    assert 'target="_blank"' in page.content.decode()
    assert "<script" not in page.content.decode()  # JavaScript-free
    cached = client.get("/agenda/embed/?theme=habitat&nombre=5")
    assert cached["X-Cache"] == "hit" and framable(cached)  # framable from the cache too
    # Positive control: the portal's own pages are not framable.
    assert "frame-ancestors 'none'" in client.get("/agenda/")["Content-Security-Policy"]


def test_the_number_of_dates_and_the_organiser_filter(client):
    for day in range(1, 5):
        make_event(
            title=f"Atelier {day}", organiser_name="La Cyclerie", start=datetime.now(PARIS) + timedelta(days=day)
        )
    make_event(title="Conférence", organiser_name="Autre association")
    page = page_text(client.get("/agenda/embed/?organisateur=la cyclerie&nombre=2"))
    assert "Atelier 1" in page and "Atelier 2" in page
    assert "Atelier 3" not in page and "Conférence" not in page


def test_the_month_layout_is_a_table_of_weeks(client):
    start = datetime(2027, 3, 13, 14, 0, tzinfo=PARIS)
    make_event(title="Atelier vélo", start=start, end=start + timedelta(hours=3))
    page = client.get("/agenda/embed/?affichage=mois&mois=2027-03")
    assert page.status_code == 200
    assert "mars 2027" in page_text(page) and "Atelier vélo" in page_text(page)
    assert re.search(r"<table[^>]*month-grid", page.content.decode())


def test_bad_settings_are_a_400_in_french_never_a_500(client):
    page = client.get("/agenda/embed/?affichage=mois&mois=2027-13&couleur=rouge&departement=99")
    assert page.status_code == 400 and framable(page)
    text = page_text(page, 400)
    assert "AAAA-MM" in text and "#1e6b52" in text


def test_the_partners_colour_is_darkened_until_it_reads_on_white(client):
    assert contrast_with_white(readable("ffff00")) >= 4.5  # yellow becomes a dark yellow
    assert readable("1e6b52") == "1e6b52"  # a readable colour is kept
    css = client.get("/agenda/embed/couleur.css?couleur=%23ffff00")
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    colour = re.search(r"--embed-accent: #([0-9a-f]{6})", css.content.decode()).group(1)
    assert colour != "ffff00" and contrast_with_white(colour) >= 4.5
    assert client.get("/agenda/embed/couleur.css?couleur=javascript:").status_code == 200  # a default, not a 500
    page = client.get("/agenda/embed/?couleur=%23ffff00").content.decode()
    assert f"couleur={colour}" in page


def test_the_builder_gives_the_code_and_a_preview_of_the_chosen_widget(client):
    make_event(title="Repair café", commune=Commune.objects.get(name="Vierzon"))
    empty = Client().get("/agenda/integrer/")
    assert empty.status_code == 200 and "Votre code" not in page_text(empty)
    page = client.get("/agenda/integrer/?departement=18&affichage=liste&nombre=5&couleur=%23aa3300&hauteur=600")
    assert page.status_code == 200
    html = page.content.decode()
    code = re.search(r'<textarea id="embed-code"[^>]*>([^<]*)</textarea>', html).group(1)
    assert "&lt;iframe src=&quot;http://testserver/agenda/embed/?departement=18" in code
    assert "title=&quot;Agenda citoyen du Cré-sol&quot;" in code and "height=&quot;600&quot;" in code
    preview = re.search(r'<iframe class="embed-builder__preview" src="([^"]+)"', html).group(1)
    assert "couleur=aa3300" in preview and "nombre=5" in preview
    widget = client.get(preview.replace("http://testserver", "").replace("&amp;", "&"))
    assert widget.status_code == 200 and "Repair café" in page_text(widget)
    bad = client.get("/agenda/integrer/?hauteur=20&departement=99")
    assert "Votre code" not in page_text(bad, 400)
    assert "supérieure ou égale à 200" in page_text(bad, 400)
