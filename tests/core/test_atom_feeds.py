"""The Atom feeds of the agenda, the blog and the watch meet the rules the W3C feed validator checks:
every entry has an id that is an IRI, an `updated` date and an author (its own or the feed's)."""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_event, make_post
from tests.http import page_text
from tests.veille.test_sharing import make_share

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.mark.parametrize("url", ["/agenda/flux/atom/", "/blog/flux/atom/", "/veille/flux/atom/"])
def test_every_atom_entry_has_an_iri_id_an_updated_date_and_an_author(client, url):
    make_event(title="Repair café", external_uid="a b{c}@partenaire.example")  # an imported UID, odd characters
    make_post(title="Habiter autrement")
    make_share()
    response = client.get(url)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, parsed in a test
    assert IRI.match(feed.findtext(f"{ATOM}id"))
    assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert entries, "a feed with entries (the positive control)"
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert all(IRI.match(entry_id) for entry_id in ids), ids
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert RFC3339.match(entry.findtext(f"{ATOM}updated") or ""), ET.tostring(entry)
        assert feed_has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None


def test_the_json_ld_of_a_cancelled_date_says_cancelled_and_has_no_empty_place(client):
    import json

    from agenda.services import occurrence_cancel

    event = make_event(
        title="En ligne", attendance="en-ligne", online_url="https://visio.example.org/x", commune=None, point=None
    )
    occurrence_cancel(occurrence=event.occurrences.get())
    content = page_text(client.get(event.get_absolute_url()))
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S).group(1))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://visio.example.org/x"}
    on_site = make_event(title="Sur place")
    content = page_text(client.get(on_site.get_absolute_url()))
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S).group(1))
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place" and data["location"]["address"]["addressLocality"] == "Tours"
