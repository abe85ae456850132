"""The map on partners' sites: its builder gives the code of the map filtered as chosen, with a
preview; the embedded map may be framed by any site, cached or not."""

import re

import pytest

from cresol.themes.models import Theme
from tests.factories import InitiativeFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


def test_the_map_builder_gives_the_code_of_the_filtered_map(client):
    InitiativeFactory(name="Habitat groupé", themes=[Theme.objects.get(slug="habitat")])
    page = client.get("/carte/integrer/?theme=habitat&departement=37&largeur=800&hauteur=450")
    assert page.status_code == 200
    html = page.content.decode()
    code = re.search(r'<textarea id="embed-code"[^>]*>([^<]*)</textarea>', html).group(1)
    assert "http://testserver/carte/embed/?theme=habitat&amp;amp;departement=37" in code
    assert "width=&quot;800&quot;" in code and "height=&quot;450&quot;" in code
    assert "largeur" not in code  # the size is the iframe's, not the map's filter
    preview = re.search(r'<iframe class="embed-builder__preview" src="([^"]+)"', html).group(1)
    embedded = client.get(preview.replace("http://testserver", "").replace("&amp;", "&"))
    assert embedded.status_code == 200
    for answer in (embedded, client.get(preview.replace("http://testserver", "").replace("&amp;", "&"))):
        assert "frame-ancestors *" in answer["Content-Security-Policy"] and "X-Frame-Options" not in answer
    bad = client.get("/carte/integrer/?theme=inconnue&hauteur=450")
    assert "inconnue" in page_text(bad, 400)


def test_what_a_visitor_types_stays_text_in_the_code_to_copy(client):
    page = client.get("/carte/integrer/?q=%3C/textarea%3E%3Cscript%3Ealert(1)%3C/script%3E&hauteur=400")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<script>alert(1)" not in html and "</textarea><script>" not in html
    code = re.search(r'<textarea id="embed-code"[^>]*>([^<]*)</textarea>', html).group(1)
    assert "q=%3C%2Ftextarea%3E" in code  # in the address, encoded
