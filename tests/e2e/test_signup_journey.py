"""A newcomer signs up, confirms their address from the e-mail, logs in and reaches "Mon espace"."""

import re

import pytest

from tests.worker import run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "coopérer en Centre-Val 2026"


def test_a_newcomer_signs_up_confirms_logs_in_and_reaches_the_member_space(browser_session, mailoutbox):
    visitor = browser_session()
    page = visitor.page

    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"

    page.get_by_role("link", name="Créer un compte").click()
    # A first try without the public name: the summary of errors takes the focus and leads to the field.
    page.locator("input[name=email]").fill("nina@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_label("J'ai lu la charte de contribution").check()
    page.get_by_role("button", name="Créer mon compte").click()
    # site.js (deferred) moves the focus once the page sent back is parsed: wait for it, not for the click.
    page.wait_for_function("document.activeElement && document.activeElement.className === 'error-summary'")
    page.get_by_role("link", name="Nom affiché : Ce champ est obligatoire.").click()
    assert page.evaluate("document.activeElement.name") == "display_name"
    assert page.locator("input[name=email]").input_value() == "nina@example.org"
    page.keyboard.type("Nina Roux")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_label("J'ai lu la charte de contribution").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/compte/confirm-email/")
    assert "Vérifiez votre adresse" in page.locator("h1").inner_text()

    run_worker_until_idle()  # what `make run`'s worker does in the background
    [message] = mailoutbox
    link = re.search(r"https?://[^\s]+/compte/confirm-email/[^\s]+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    # The member opens the e-mail on another device, where they are not logged in.
    phone = browser_session()
    phone.page.goto(f"/{path}")
    phone.page.get_by_role("button", name="Confirmer").click()

    phone.page.goto("/compte/login/")
    phone.page.locator("input[name=login]").fill("nina@example.org")
    phone.page.locator("input[name=password]").fill(PASSWORD)
    phone.page.get_by_role("button", name="Connexion").click()
    phone.page.wait_for_url("**/mon-espace/")
    assert phone.page.get_by_role("heading", level=1).inner_text() == "Mon espace"
    assert "nina@example.org" in phone.page.content()

    # The account pages reached from the member space work under the same strict CSP.
    # is_visible() does not wait: wait for each page before looking at it (slow under a loaded CI).
    phone.page.get_by_role("link", name="Changer d'adresse e-mail").click()
    phone.page.wait_for_url("**/compte/email/")
    assert phone.page.get_by_role("heading", level=1).is_visible()
    phone.page.go_back()
    phone.page.wait_for_url("**/mon-espace/")
    phone.page.get_by_role("link", name="Changer de mot de passe").click()
    phone.page.wait_for_url("**/compte/password/change/")
    assert phone.page.locator("input[name=oldpassword]").is_visible()
    phone.page.get_by_role("button", name="Se déconnecter").click()
    phone.page.wait_for_url(re.compile(r"^http://[^/]+/$"))  # back on the home page
    assert phone.page.get_by_role("link", name="Se connecter").is_visible()

    assert visitor.csp_violations == []
    assert phone.csp_violations == []
