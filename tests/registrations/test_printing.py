"""Posters and printable agendas: an A4 PDF whose QR code, decoded as a phone's camera would, opens the
event's page, and whose text can be searched and copied; a month of a territory's agenda and a commune's
directory from the pages' filters; the print stylesheet for every page."""

from datetime import datetime, timedelta

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings

from agenda.recurrence import PARIS
from cresol.territories.models import Commune
from tests.factories import InitiativeFactory, make_event

pytestmark = pytest.mark.django_db


def pdf_pages(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    document = pypdfium2.PdfDocument(response.content)
    return [document[index] for index in range(len(document))]


def text_of(pages) -> str:
    """The text as a reader copies it, lines joined (a long title wraps on the poster)."""
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pages)


def test_the_posters_qr_code_opens_the_events_page_and_its_text_is_extractable(client):
    start = datetime(2027, 3, 13, 14, 0, tzinfo=PARIS)
    event = make_event(
        title="Fête des jardins partagés",
        start=start,
        end=start + timedelta(hours=3),
        venue_name="Jardin du Plessis",
        address="12 rue des Fleurs",
        summary="Trocs de graines, ateliers compost et goûter partagé.",
    )
    [page] = pdf_pages(client.get(f"/agenda/{event.slug}/affiche.pdf"))
    assert round(page.get_width() / 72 * 25.4) == 210 and round(page.get_height() / 72 * 25.4) == 297  # A4
    text = text_of([page])
    for expected in ["Fête des jardins partagés", "Samedi 13 mars 2027", "Jardin du Plessis", "Tours", "Cré-sol"]:
        assert expected in text, expected
    image = page.render(scale=3).to_pil()
    [code] = zxingcpp.read_barcodes(image)
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == settings.SITE_URL + event.get_absolute_url()


def test_a_poster_is_only_for_a_published_event(client):
    event = make_event(title="Brouillon", status="pending", published_at=None)
    assert client.get(f"/agenda/{event.slug}/affiche.pdf").status_code == 404
    assert client.get("/agenda/inconnu/affiche.pdf").status_code == 404


def test_a_month_of_a_territorys_agenda_prints_with_the_pages_filters(
    client, django_assert_max_num_queries, page_cache_off
):
    day = datetime(2027, 4, 10, 10, 0, tzinfo=PARIS)
    make_event(title="Atelier vélo à Tours", start=day)
    make_event(title="Répar'café à Bourges", start=day + timedelta(days=2), commune=Commune.objects.get(code="18033"))
    for number in range(15):
        make_event(title=f"Atelier numéro {number}", start=day + timedelta(days=number % 10, hours=number))
    # The rate limit's counter (4, in the database cache), the filter's département, the dates, their themes.
    with django_assert_max_num_queries(9):
        pages = pdf_pages(client.get("/agenda/2027/4/imprimer.pdf", {"departement": "37"}))
    text = text_of(pages)
    assert "Indre-et-Loire — avril 2027" in text and "Atelier vélo à Tours" in text and "Atelier numéro 14" in text
    assert "Bourges" not in text  # another département: left out by the filter
    assert "Samedi 10 avril 2027" in text
    assert "/agenda/atelier-velo-a-tours/" in text  # each date's address written out
    response = client.get("/agenda/2027/4/imprimer.pdf", {"departement": "99"})
    assert response.status_code == 400


def test_a_communes_directory_prints_with_its_contacts(client):
    tours = Commune.objects.get(code="37261")
    InitiativeFactory(name="Épicerie solidaire du Sanitas", commune=tours, phone="02 47 00 00 00")
    InitiativeFactory(name="Ressourcerie de Bourges", commune=Commune.objects.get(code="18033"))
    text = text_of(pdf_pages(client.get("/initiatives/annuaire.pdf", {"commune": "37261"})))
    assert "Initiatives solidaires — Tours" in text
    assert "Épicerie solidaire du Sanitas" in text and "02 47 00 00 00" in text
    assert "Ressourcerie de Bourges" not in text
    assert "ODbL" in text


def test_every_page_has_a_print_stylesheet_that_writes_links_out():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    print_rules = css[css.index("@media print") :]
    for hidden in (".site-header", ".site-footer", ".breadcrumb", ".skip-link"):
        assert hidden in print_rules
    assert "attr(href)" in print_rules


def test_past_thirty_pdfs_a_minute_an_address_is_asked_to_wait(client, page_cache_off):
    event = make_event(title="Affiche très demandée")
    for _ in range(30):
        assert client.get(f"/agenda/{event.slug}/affiche.pdf").status_code == 200
    response = client.get(f"/agenda/{event.slug}/affiche.pdf")
    assert response.status_code == 429 and "réessayez dans un instant" in response.content.decode()
