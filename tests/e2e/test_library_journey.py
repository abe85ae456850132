"""A member proposes a guide with its PDF; once a moderator publishes it, a visitor finds it by its
theme and the link to download the very file."""

import pytest

from blog.library.models import Resource
from cresol.moderation.services import moderation_approve
from tests.e2e.test_initiative_journey import log_in
from tests.factories import ModeratorFactory, UserFactory
from tests.library.test_library import PDF

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_guide_proposed_with_its_pdf_is_downloaded_after_moderation(
    browser_session, reference_data, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "guide.pdf").write_bytes(PDF)
    member = UserFactory()
    page = browser_session().page
    log_in(page, member)
    page.goto("/ressources/")
    page.get_by_role("link", name="Proposer une ressource").click()
    page.get_by_label("Titre").fill("Guide des achats groupés")
    page.get_by_label("Résumé").fill("Organiser des achats groupés entre voisins, pas à pas.")
    page.get_by_label("Type de ressource").select_option("guide")
    page.get_by_label("Alimentation et agriculture").check()
    page.get_by_label("Autrice, auteur ou organisation").fill("Épicerie solidaire de Vierzon")
    page.get_by_label("Fichier", exact=True).set_input_files(tmp_path / "guide.pdf")
    page.get_by_role("button", name="Envoyer à la relecture").click()
    page.wait_for_url("**/mon-espace/")
    assert "Guide des achats groupés" in page.locator("main").inner_text()

    moderation_approve(obj=Resource.objects.get(), by=ModeratorFactory())
    visitor = browser_session().page
    visitor.goto("/ressources/")
    visitor.get_by_label("Thématique").select_option(label="Alimentation et agriculture")
    visitor.get_by_role("button", name="Filtrer").click()
    visitor.get_by_role("link", name="Guide des achats groupés").click()
    # Media files are served by Caddy in production, not by the test server: the link names the stored
    # file, whose bytes are the member's.
    link = visitor.get_by_role("link", name="Télécharger (PDF")
    resource = Resource.objects.get()
    assert link.get_attribute("href") == resource.file.url and link.get_attribute("download") is not None
    with resource.file.open("rb") as stored:
        assert stored.read() == PDF
