"""Who reads a content that is not published through its public address: the moderation right decides,
not `is_staff`; and a draft never submitted is its author's alone."""

import pytest

from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, make_event, make_post

pytestmark = pytest.mark.django_db


def contents(author, status):
    initiative = InitiativeFactory(slug=f"initiative-{status}", status=status, submitted_by=author, published_at=None)
    event = make_event(title=f"Événement {status}", status=status, submitted_by=author, published_at=None)
    post = make_post(
        title=f"Article {status}", slug=f"article-{status}", status=status, author=author, published_at=None
    )
    return [initiative.get_absolute_url(), event.get_absolute_url(), post.get_absolute_url()]


def statuses(client, user, urls):
    client.force_login(user)
    return [client.get(url).status_code for url in urls]


def test_a_staff_account_without_the_moderation_right_reads_no_pending_content(client):
    author = UserFactory()
    urls = contents(author, "pending")
    assert statuses(client, UserFactory(is_staff=True), urls) == [404, 404, 404]
    assert statuses(client, ModeratorFactory(), urls) == [200, 200, 200]
    assert statuses(client, author, urls) == [200, 200, 200]


def test_refused_contents_are_for_their_author_and_the_moderators(client):
    author = UserFactory()
    urls = contents(author, "archived")
    assert statuses(client, UserFactory(is_staff=True), urls) == [404, 404, 404]
    assert statuses(client, UserFactory(), urls) == [404, 404, 404]
    assert statuses(client, ModeratorFactory(), urls) == [200, 200, 200]


def test_a_draft_never_submitted_is_its_authors_alone(client):
    author = UserFactory()
    urls = contents(author, "draft")
    assert statuses(client, ModeratorFactory(), urls) == [404, 404, 404]
    assert statuses(client, UserFactory(is_staff=True, is_superuser=True), urls) == [404, 404, 404]
    assert statuses(client, author, urls) == [200, 200, 200]
