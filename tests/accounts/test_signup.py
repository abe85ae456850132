"""Sign-up, e-mail confirmation and login, as a newcomer goes through them (without a browser)."""

import re

import pytest
from allauth.account.models import EmailAddress
from pytest_django.asserts import assertContains

from cresol.accounts.models import User
from tests.http import page_text

pytestmark = pytest.mark.django_db

SIGNUP = "/compte/signup/"
LOGIN = "/compte/login/"
PASSWORD = "jardins partagés 2026"


def sign_up(client, email="lea@example.org", password=PASSWORD, **fields):
    data = {"display_name": "Léa Dubois", "email": email, "password1": password, "password2": password, "charter": "on"}
    return client.post(SIGNUP, {**data, **fields})


def confirmation_link(message) -> str:
    return re.search(r"http://testserver(/compte/confirm-email/[^\s]+/)", message.body).group(1)


def test_signing_up_sends_a_confirmation_link_in_french(client, mailoutbox, run_jobs):
    response = sign_up(client)
    assert response.status_code == 302
    assert mailoutbox == []  # the page answered before the mail server was asked anything
    assert run_jobs() == ["outbox.deliver_email"]
    [message] = mailoutbox
    assert message.to == ["lea@example.org"]
    assert message.subject == "[Cré-sol] Confirmez votre adresse e-mail"
    assert confirmation_link(message)


def test_a_member_cannot_log_in_before_confirming(client):
    sign_up(client)
    client.logout()
    response = client.post(LOGIN, {"login": "lea@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/compte/confirm-email/"
    assert client.get("/mon-espace/").status_code == 302


def test_confirming_then_logging_in_opens_the_member_space(client, mailoutbox, run_jobs):
    sign_up(client)
    run_jobs()
    link = confirmation_link(mailoutbox[0])
    client.logout()

    page = client.get(link)
    assert page.status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(email="lea@example.org").verified

    client.logout()
    response = client.post(LOGIN, {"login": "lea@example.org", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/mon-espace/"
    assertContains(response, "Mon espace")


def test_a_signup_error_is_shown_beside_the_field_and_keeps_what_was_typed(client):
    response = client.post(SIGNUP, {"email": "lea@example.org", "password1": "123", "password2": "456"})
    content = page_text(response)
    assert response.status_code == 200
    assert 'value="lea@example.org"' in content
    assert "errorlist" in content
    assert "mot de passe" in content.lower()
    assert not User.objects.exists()


def test_an_address_already_registered_is_refused(client):
    sign_up(client)
    client.logout()
    response = sign_up(client, email="LEA@example.org")
    assert User.objects.count() == 1
    assert response.status_code in (200, 302)


def test_the_account_pages_are_in_french_in_the_site_layout(client):
    for url in [SIGNUP, LOGIN, "/compte/password/reset/"]:
        content = page_text(client.get(url))
        assert '<html lang="fr">' in content
        assert "Mentions légales" in content
    assertContains(client.get(LOGIN), "Mot de passe")


def test_repeated_failed_logins_are_slowed_down(client):
    from tests.factories import UserFactory

    member = UserFactory()
    for _ in range(5):
        client.post(LOGIN, {"login": member.email, "password": "mauvais mot de passe"})
    response = client.post(LOGIN, {"login": member.email, "password": "mauvais mot de passe"})
    assertContains(response, "Trop de tentatives")


def test_password_reset_sends_a_link_without_revealing_who_is_registered(client, mailoutbox, run_jobs):
    from cresol.outbox.models import OutgoingEmail
    from tests.factories import UserFactory

    member = UserFactory()
    client.post("/compte/password/reset/", {"email": member.email})
    client.post("/compte/password/reset/", {"email": "inconnu@example.org"})
    run_jobs()
    # Once sent, the outbox forgets the message: a reset link does not stay in the database.
    assert OutgoingEmail.objects.filter(status="sent").count() == len(mailoutbox) >= 1
    assert [email.payload for email in OutgoingEmail.objects.all()] == [{}] * len(mailoutbox)
    assert [message.to for message in mailoutbox][0] == [member.email]


def test_sign_ups_from_one_address_are_limited_even_spread_over_time(client, mailoutbox, monkeypatch, run_jobs):
    """Ten an hour from one address; a forged X-Forwarded-For does not reset the count."""
    import time

    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    for number in range(10):
        assert sign_up(client, email=f"membre{number}@example.org").status_code == 302
        clock[0] += 60  # one a minute: under allauth's default of 20 a minute, which let them all through
        client.logout()
    refused = client.post(
        SIGNUP,
        {"email": "onzieme@example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert refused.status_code == 429
    assert User.objects.count() == 10
    run_jobs()
    assert len(mailoutbox) == 10
    clock[0] += 3600  # an hour later, the next one goes through
    assert sign_up(client, email="plus-tard@example.org").status_code == 302


def test_the_public_name_is_asked_at_sign_up_and_the_email_never_shows(client, mailoutbox, run_jobs):
    page = page_text(client.get(SIGNUP))
    assert 'href="/charte-de-contribution/"' in page and 'href="/donnees-personnelles/"' in page
    assert 'name="display_name"' in page and "required" in page

    refused = sign_up(client, email="camille.newcomer@example.org", display_name="", charter="")
    assertContains(refused, "2 points du formulaire sont à corriger")
    assertContains(refused, 'href="#id_display_name"')
    assertContains(refused, 'value="camille.newcomer@example.org"')
    assert not User.objects.exists()

    assert sign_up(client, email="camille.newcomer@example.org", display_name="Camille  Durand").status_code == 302
    member = User.objects.get()
    assert member.display_name == "Camille Durand"
    assert "camille.newcomer" not in member.username
    assert str(member) == "Camille Durand"
    run_jobs()
    [message] = mailoutbox
    assert message.body.startswith("Bonjour,\n")
    assert "créer un compte sur le portail Cré-sol" in message.body
    # The host name is in the links only, never as the site's name ("Bonjour, c'est testserver !").
    assert [line for line in message.body.splitlines() if "testserver" in line and "http://" not in line] == []


def test_the_password_rules_are_announced_with_the_field(client):
    """The rules were a <ul> inside a <p>: the browser closed the <p> before it, and the field's
    aria-describedby pointed to an empty paragraph."""
    page = page_text(client.get(SIGNUP))
    described = re.search(r'<input type="password" name="password1"[^>]*aria-describedby="([^"]+)"', page)
    assert described, "the field names its help"
    help_id = described.group(1).split()[0]
    block = re.search(rf'<div class="helptext" id="{help_id}">(.*?)</div>', page, re.DOTALL)
    assert block and "<ul>" in block.group(1) and "10 caractères" in block.group(1)
