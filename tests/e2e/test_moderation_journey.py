"""A moderator logs in, sees what waits in the admin and publishes it from the content's page."""

import pytest

from cresol.moderation.models import Status
from tests.factories import PASSWORD, ModeratorFactory, ProposalFactory
from tests.testapp.models import Proposal

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_publishes_a_waiting_content_from_the_admin(browser_session):
    moderator = ModeratorFactory()
    proposal = ProposalFactory(title="Repair café de Vierzon", status=Status.PENDING)
    session = browser_session()
    page = session.page

    page.goto("/compte/login/")
    page.locator("input[name=login]").fill(moderator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")

    page.get_by_role("link", name="Administration").click()
    summary = page.locator("#moderation-summary")
    assert "Section de test — propositions" in summary.inner_text()
    summary.get_by_role("link", name="Section de test — propositions").click()
    page.get_by_role("link", name="Repair café de Vierzon").click()

    page.locator("select[name='CHANGE_FORM-action']").select_option("approve_selected")
    page.get_by_role("button", name="Exécuter").first.click()
    page.get_by_text("1 contenu publié.").wait_for()  # the decision is made

    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED
    assert Proposal.objects.published().count() == 1
    assert session.csp_violations == []
