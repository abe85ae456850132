"""A veilleur shares a fetched item with a comment; it appears on /veille/ and in /veille/flux/."""

import feedparser
import pytest
from django.contrib.auth.models import Group

from tests.e2e.test_initiative_journey import log_in
from tests.factories import UserFactory
from veille.apps import VEILLEURS_GROUP
from veille.models import Item, Source

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_veilleur_shares_a_fetched_item_which_reaches_the_page_and_the_feed(
    browser_session, reference_data, live_server
):
    person = UserFactory()
    person.groups.add(Group.objects.get_or_create(name=VEILLEURS_GROUP)[0])
    source = Source.objects.create(name="Avise", feed_url="https://avise.example.org/flux.xml")
    Item.objects.create(
        source=source,
        entry_id="guide",
        title="Guide de l'innovation sociale",
        link="https://avise.example.org/guide",
        canonical_link="https://avise.example.org/guide",
    )

    session = browser_session()
    log_in(session.page, person)
    page = session.page
    page.goto("/veille/boite/")
    card = page.locator("article.inbox-item", has_text="Guide de l'innovation sociale")
    card.get_by_label("Pourquoi c'est utile").fill("La méthode pas à pas pour essaimer un projet.")
    card.get_by_role("button", name="Partager").click()
    page.get_by_text("est partagé").wait_for()
    assert page.locator("article.inbox-item").count() == 0

    page.goto("/veille/")
    shared = page.locator("article.share", has_text="Guide de l'innovation sociale")
    assert "La méthode pas à pas pour essaimer un projet." in shared.inner_text()
    feed = feedparser.parse(page.request.get(f"{live_server.url}/veille/flux/").body())
    assert [entry.title for entry in feed.entries] == ["Guide de l'innovation sociale"]
    assert "essaimer" in feed.entries[0].summary
    assert session.csp_violations == []
