"""Members get the visitors' page body from the cache, with their own parts (header, messages, forms,
an organiser's button) filled in for them; what they change shows at once."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from cresol.moderation.models import Status
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, make_event, make_post
from tests.http import page_text

pytestmark = pytest.mark.django_db


def member_client(user=None) -> Client:
    client = Client()
    client.force_login(user or UserFactory())
    return client


def csrf_tokens(response) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()))


def test_a_member_gets_the_shared_page_with_their_own_header_in_three_queries(django_assert_num_queries):
    InitiativeFactory(name="Ressourcerie de Blois")
    first, second = member_client(), member_client()
    assert first.get("/initiatives/")["X-Cache"] == "miss"
    with django_assert_num_queries(3):  # the session, the member, the page with the versions
        page = second.get("/initiatives/")
    assert page.status_code == 200 and page["X-Cache"] == "hit"
    assert "private" in page["Cache-Control"]  # their name and token: no proxy may keep it
    assert "Ressourcerie de Blois" in page_text(page)
    assertContains(page, "Mon espace")
    assertContains(page, "Se déconnecter")
    assertNotContains(page, "Se connecter")  # the visitor's header is not what a member sees
    assertNotContains(page, "<!--slot-")
    assertNotContains(page, "Administration")
    # Positive control of the last line: staff see their link on the very same cached body.
    staff = member_client(ModeratorFactory(is_staff=True))
    staff_page = staff.get("/initiatives/")
    assert staff_page["X-Cache"] == "hit"
    assertContains(staff_page, "Administration")
    # A visitor's own copy is apart: the visitor's header, no member's link.
    visitor = Client().get("/initiatives/")
    assertContains(visitor, "Se connecter")
    assertNotContains(visitor, "Se déconnecter")


def test_each_member_gets_a_form_token_of_their_own_that_the_server_accepts():
    event = make_event(title="Atelier vélo")
    first, second = member_client(), Client(enforce_csrf_checks=True)
    second.force_login(UserFactory())
    first.get(event.get_absolute_url())
    page = second.get(event.get_absolute_url())
    assert page["X-Cache"] == "hit"
    tokens = csrf_tokens(page)
    assert len(tokens) == 1  # the logout form's
    logout = second.post("/compte/logout/", {"csrfmiddlewaretoken": tokens.pop()})
    assert logout.status_code == 302
    assert "_auth_user_id" not in second.session
    # Positive control: a token from another member's page is refused.
    stranger = Client(enforce_csrf_checks=True)
    stranger.force_login(UserFactory())
    stranger.get("/")
    assert stranger.post("/compte/logout/", {"csrfmiddlewaretoken": "x" * 64}).status_code == 403


def test_the_organiser_alone_sees_the_cancel_button_on_the_shared_page():
    organiser = UserFactory()
    event = make_event(title="Atelier vélo", submitted_by=organiser)
    other = member_client()
    other.get(event.get_absolute_url())
    page_of_other = other.get(event.get_absolute_url())
    assert page_of_other["X-Cache"] == "hit"
    assertNotContains(page_of_other, "Annuler cet événement")
    page_of_organiser = member_client(organiser).get(event.get_absolute_url())
    assert page_of_organiser["X-Cache"] == "hit"
    assertContains(page_of_organiser, "Annuler cet événement")


def test_a_comment_shows_at_once_with_its_message_and_the_form_stays_the_members():
    post = make_post(title="Coopérer entre associations")
    author = UserFactory()
    reader = member_client()
    writer = member_client(author)
    for _ in range(2):
        page = reader.get(post.get_absolute_url())
    assert page["X-Cache"] == "hit"
    assertContains(page, "Publier mon commentaire")  # a member gets the comment form, not the login link
    assertNotContains(page, "Connectez-vous pour commenter")
    posted = writer.post(reverse("blog:comment", args=[post.slug]), {"body": "Très utile, merci !"})
    assert posted.status_code == 302 and "cresol_fresh" in posted.cookies  # its author never sees a stale copy
    answer = writer.get(posted["Location"])
    assert answer.status_code == 200 and answer["X-Cache"] == "miss"
    assertContains(answer, "Votre commentaire est publié.")
    assertContains(answer, "Très utile, merci !")
    assertContains(reader.get(post.get_absolute_url()), "Très utile, merci !")  # everyone, at once
    assertContains(Client().get(post.get_absolute_url()), "Connectez-vous pour commenter")


def test_a_members_own_pending_initiative_is_built_for_them_alone():
    author = UserFactory()
    pending = InitiativeFactory(
        name="Mon projet en attente", status=Status.PENDING, published_at=None, submitted_by=author
    )
    page = member_client(author).get(pending.get_absolute_url())
    assert page.status_code == 200 and "Mon projet en attente" in page_text(page)
    assert not page.has_header("X-Cache")  # not shared: a visitor may not see it
    assert member_client().get(pending.get_absolute_url()).status_code == 404


def test_the_join_call_is_for_visitors_only():
    member = member_client()
    member.get("/")
    home = member.get("/")
    assert home["X-Cache"] == "hit"
    assertNotContains(home, "Rejoindre le réseau et contribuer")
    assertContains(Client().get("/"), "Rejoindre le réseau et contribuer")


def test_a_member_subscribing_in_their_browser_gets_the_shared_calendar_and_changes_at_once(
    django_assert_num_queries,
):
    event = make_event(title="Atelier vélo")
    first, second = member_client(), member_client()
    assert first.get("/agenda.ics")["X-Cache"] == "miss"
    with django_assert_num_queries(3):  # the session, the member, the calendar with the versions
        calendar = second.get("/agenda.ics")
    assert calendar.status_code == 200 and calendar["X-Cache"] == "hit"
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Atelier v\xc3\xa9lo" in calendar.content
    event.title = "Atelier vélo et couture"
    event.save()
    changed = second.get("/agenda.ics")
    assert changed["X-Cache"] == "miss" and b"Atelier v\xc3\xa9lo et couture" in changed.content
