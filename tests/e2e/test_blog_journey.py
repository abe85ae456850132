"""A member writes a post with an image and submits it; a moderator publishes it; it is on /blog/ and in the feed."""

import feedparser
import pytest
from PIL import Image

from tests.e2e.test_initiative_journey import log_in
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_post_with_an_image_written_submitted_and_published(
    browser_session, reference_data, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    photo = tmp_path / "atelier.png"
    Image.new("RGB", (900, 600), (40, 120, 90)).save(photo, format="PNG")
    member, moderator = UserFactory(), ModeratorFactory()

    writer = browser_session()
    log_in(writer.page, member)
    page = writer.page
    page.goto("/blog/ecrire/")
    page.get_by_label("Titre").fill("Un an de repair café à Vierzon")
    page.get_by_label("Chapô").fill("Ce que nous avons appris en réparant ensemble.")
    page.locator("textarea[name=body]").fill("## Le début\n\nTout a commencé autour d'une table.")
    page.locator("input[name=insert_image]").set_input_files(str(photo))
    page.get_by_label("Texte alternatif de l'image à insérer").fill("Des bénévoles autour d'un établi")
    page.get_by_role("button", name="Insérer l'image").click()
    assert (
        "![Des bénévoles autour d'un établi](/media/blog/images/" in page.locator("textarea[name=body]").input_value()
    )
    page.get_by_role("button", name="Aperçu").click()
    assert page.locator('.preview img[alt="Des bénévoles autour d\'un établi"]').count() == 1
    page.get_by_label("Réemploi et zéro déchet").check()
    page.get_by_role("button", name="Soumettre à la relecture").click()
    page.wait_for_url("**/mon-espace/")

    staff = browser_session()
    log_in(staff.page, moderator)
    staff.page.goto("/admin/blog/post/?status__exact=pending")
    staff.page.get_by_role("link", name="Un an de repair café à Vierzon").click()
    staff.page.locator("select[name='CHANGE_FORM-action']").select_option("approve_selected")
    staff.page.get_by_role("button", name="Exécuter").first.click()
    staff.page.get_by_text("1 contenu publié.").wait_for()  # the decision is made

    reader = browser_session()
    reader.page.goto("/blog/")
    reader.page.get_by_role("link", name="Un an de repair café à Vierzon").click()
    image = reader.page.locator(".post__body img")
    assert image.get_attribute("alt") == "Des bénévoles autour d'un établi"
    # The image loads (a broken one would keep a width of 0 until the timeout).
    reader.page.wait_for_function("document.querySelector('.post__body img').naturalWidth > 0")
    feed = feedparser.parse(reader.page.request.get(f"{live_server.url}/blog/flux/").body())
    assert [entry.title for entry in feed.entries] == ["Un an de repair café à Vierzon"]
    for session in (writer, staff, reader):
        assert session.csp_violations == []
