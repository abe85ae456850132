"""A member posts, with the keyboard, a need for a room in their Pays; once published, another member on
a phone, who offered rooms in that Pays, sees it suggested beside their offer and answers it; the answer
arrives by e-mail to the first, whose address the second never saw."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cresol.moderation.services import moderation_approve
from cresol.territories.models import EPCI, Pays
from cresol.territories.services import pays_save
from cresol.themes.models import Theme
from initiatives.cooperations.models import Cooperation
from tests.e2e.conftest import PHONE
from tests.e2e.test_initiative_journey import log_in
from tests.factories import ModeratorFactory, UserFactory, make_cooperation
from tests.worker import run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_need_for_a_room_is_posted_suggested_to_a_host_and_answered(browser_session, reference_data, mailoutbox):
    pays = Pays(name="Pays Loire Touraine", kind="petr")
    pays_save(
        pays=pays, save_relations=lambda: pays.epcis.set(EPCI.objects.filter(siren__in=["200043065", "200073161"]))
    )
    reuse = Theme.objects.get(slug="reemploi-zero-dechet")
    host = UserFactory(display_name="Tiers-lieu de Montlouis")
    offer = make_cooperation(
        author=host,
        direction="offre",
        title="Notre salle, prêtée en semaine",
        commune="37156",
        scope="pays",
        themes=[reuse],
    )
    seeker = UserFactory(display_name="Repair café d'Amboise")

    # The seeker, with the keyboard only once the page is open.
    page = browser_session().page
    log_in(page, seeker)
    page.goto("/cooperations/proposer/")
    page.get_by_label("On cherche").focus()
    page.keyboard.press("Space")
    page.get_by_label("Un lieu, une salle").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Une salle pour notre repair café")
    page.keyboard.press("Tab")
    page.keyboard.type("Une salle de 40 m² un samedi matin par mois, avec des tables et des prises.")
    page.get_by_label("Réemploi et zéro déchet").focus()
    page.keyboard.press("Space")
    page.get_by_role("combobox", name="Commune").focus()
    page.keyboard.type("Amboise")
    page.get_by_label("Son Pays").focus()
    page.keyboard.press("Space")
    page.get_by_label("Jusqu'au").fill("2099-01-01")  # too far: sent back with the error beside the field
    page.get_by_role("button", name="Envoyer à la relecture").press("Enter")
    assert "Un an au plus" in page.locator(".field--error").inner_text()
    assert page.get_by_label("Titre").input_value() == "Une salle pour notre repair café"  # what was typed stays
    page.get_by_label("Jusqu'au").fill((timezone.localdate() + timedelta(days=45)).isoformat())
    page.get_by_role("combobox", name="Commune").fill("Amboise")
    page.get_by_role("button", name="Envoyer à la relecture").press("Enter")
    assert "envoyée à l'équipe de modération" in page.locator(".messages").inner_text()
    need = Cooperation.objects.get(title="Une salle pour notre repair café")
    assert need.pays == pays
    moderation_approve(obj=need, by=ModeratorFactory())
    run_worker_until_idle()
    mailoutbox.clear()

    # The host, on a phone: the need beside their offer, then the answer.
    session = browser_session(**PHONE)
    phone = session.page
    log_in(phone, host)
    phone.goto(offer.get_absolute_url())
    suggestions = phone.locator("section", has=phone.get_by_role("heading", name="Peut-être complémentaire"))
    suggestions.get_by_role("link", name="Une salle pour notre repair café").click()
    expect(phone.locator("h1")).to_contain_text("Une salle pour notre repair café")
    assert seeker.email not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolls sideways
    phone.get_by_label("Votre message").fill("Bonjour, notre salle est libre le samedi matin : venez la voir !")
    phone.get_by_role("button", name="Envoyer la réponse").click()
    assert "Votre réponse est transmise" in phone.locator(".messages").inner_text()
    assert session.csp_violations == []

    run_worker_until_idle()
    [mail] = mailoutbox
    assert mail.to == [seeker.email] and mail.reply_to == [host.email]
    assert "notre salle est libre le samedi matin" in mail.body
