"""Co-authors are invited and accept; the form tells nobody who has an account."""

import html
import re

import pytest

from blog.models import CoauthorInvitation, Post
from tests.blog.test_writing import data
from tests.factories import UserFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return html.unescape(page_text(response))


@pytest.fixture
def author(client):
    user = UserFactory(username="lea")
    client.force_login(user)
    return user


def test_naming_a_member_sends_an_invitation_and_gives_no_right_until_accepted(client, author, mailoutbox, run_jobs):
    invited = UserFactory(username="sam", email="sam@example.org")
    response = client.post("/blog/ecrire/", data(action="draft", coauthors="sam@example.org"))
    run_jobs()
    assert response.status_code == 302
    post = Post.objects.get()
    assert list(post.coauthors.all()) == []
    [message] = mailoutbox
    assert message.to == ["sam@example.org"]
    assert message.subject == "[Cré-sol] Invitation à co-écrire « Notre repair café »"
    link = re.search(r"http://testserver(/blog/invitations/\d+/)", message.body).group(1)

    client.force_login(invited)
    assert client.get(f"/blog/{post.slug}/modifier/").status_code == 404  # not a co-author yet
    assert "Notre repair café" in page(client.get("/mon-espace/"))  # the invitation waits in « Mon espace »
    client.force_login(UserFactory())
    assert client.get(link).status_code == 404  # someone else's invitation
    client.force_login(invited)
    assert "Accepter" in page(client.get(link))
    assert client.post(link, {"answer": "accept"}).status_code == 302
    assert list(post.coauthors.all()) == [invited]
    assert client.get(f"/blog/{post.slug}/modifier/").status_code == 200


def test_the_form_answers_the_same_whether_an_account_exists_or_not(client, author, mailoutbox, run_jobs):
    UserFactory(username="sam", email="sam@example.org")
    answers = []
    for name in ["sam@example.org", "personne@example.org"]:
        preview = client.post("/blog/ecrire/", data(action="preview", coauthors=name))
        saved = client.post("/blog/ecrire/", data(action="draft", title=f"Article {name}", coauthors=name))
        run_jobs()
        answers.append((preview.status_code, saved.status_code, "introuvable" in page(preview)))
        edit = page(client.get(saved["Location"]))
        assert f'value="{name}"' in edit  # the name stays as typed, whatever it names
    assert answers == [(200, 302, False), (200, 302, False)]
    assert [message.to for message in mailoutbox] == [["sam@example.org"]]  # only a member is written to
    assert CoauthorInvitation.objects.filter(user=None).count() == 1


def test_removing_a_name_withdraws_the_invitation_and_the_co_authorship(client, author):
    invited = UserFactory(username="sam")
    client.post("/blog/ecrire/", data(action="draft", coauthors="sam"))
    post = Post.objects.get()
    invitation = CoauthorInvitation.objects.get()
    client.force_login(invited)
    client.post(f"/blog/invitations/{invitation.pk}/", {"answer": "accept"})
    assert list(post.coauthors.all()) == [invited]
    client.force_login(author)
    client.post(f"/blog/{post.slug}/modifier/", data(action="draft", coauthors=""))
    assert list(post.coauthors.all()) == []
    assert not CoauthorInvitation.objects.exists()


def test_declining_leaves_the_post_as_it_was(client, author):
    invited = UserFactory(username="sam")
    client.post("/blog/ecrire/", data(action="draft", coauthors="sam"))
    invitation = CoauthorInvitation.objects.get()
    client.force_login(invited)
    assert client.post(f"/blog/invitations/{invitation.pk}/", {"answer": "decline"}).status_code == 302
    assert not CoauthorInvitation.objects.exists()
    assert not Post.objects.get().coauthors.exists()
