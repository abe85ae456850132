"""Staff review, edit, schedule and publish posts in the admin; they hide comments there."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from blog.models import Post
from blog.services import comment_create, comment_report
from cresol.moderation.models import Status
from tests.factories import ModeratorFactory, UserFactory, make_post
from tests.http import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    client.force_login(ModeratorFactory())
    return client


def test_a_moderator_previews_a_pending_post_then_schedules_and_publishes_it(moderator_client):
    from django.test import Client

    post = make_post(slug="en-relecture", status=Status.PENDING, published_at=None)
    assert moderator_client.get(reverse("admin:blog_post_change", args=[post.pk])).status_code == 200
    assertContains(moderator_client.get("/blog/en-relecture/"), "Aperçu")
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() + timedelta(days=1))
    moderator_client.post(
        reverse("admin:blog_post_changelist"), {"action": "approve_selected", "_selected_action": [post.pk]}
    )
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert Client().get("/blog/en-relecture/").status_code == 404  # scheduled for tomorrow
    assertContains(moderator_client.get("/blog/en-relecture/"), "Publication programmée")


def test_editing_a_published_post_in_the_admin_shows_mis_a_jour_le(moderator_client):
    post = make_post(slug="revise")
    url = reverse("admin:blog_post_change", args=[post.pk])
    form = moderator_client.get(url).context["adminform"].form
    data = {
        name: form[name].value() for name in form.fields if name not in ("cover",) and form[name].value() is not None
    }
    data.update(
        {
            "body": post.body + "\n\nAjout.",
            "themes": [t.pk for t in post.themes.all()],
            "tags": "",
            "coauthors": [],
            "related_initiatives": [],
            "publish_at_0": post.publish_at.astimezone().strftime("%Y-%m-%d"),
            "publish_at_1": post.publish_at.astimezone().strftime("%H:%M:%S"),
        }
    )
    data.pop("publish_at", None)
    response = moderator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    post.refresh_from_db()
    assert post.revised_at is not None
    assertContains(moderator_client.get("/blog/revise/"), "mis à jour le")


def test_reported_comments_are_listed_and_hidden_in_one_step(moderator_client):
    post = make_post()
    reported = comment_create(post=post, by=UserFactory(), body="Propos déplacés")
    for _ in range(2):
        comment_report(comment=reported)
    comment_create(post=post, by=UserFactory(), body="Merci !")
    listing = page_text(moderator_client.get(reverse("admin:blog_comment_changelist"), {"signale": "1"}))
    assert listing.count('name="_selected_action"') == 1
    moderator_client.post(
        reverse("admin:blog_comment_changelist"), {"action": "hide", "_selected_action": [reported.pk]}
    )
    reported.refresh_from_db()
    assert reported.hidden


def test_the_author_of_a_scheduled_post_is_told_the_date_not_a_link_that_is_a_404_yet(
    moderator_client, mailoutbox, run_jobs
):
    from datetime import datetime

    from agenda.recurrence import PARIS

    scheduled = make_post(
        slug="plus-tard",
        title="Plus tard",
        status=Status.PENDING,
        published_at=None,
        publish_at=datetime(2099, 3, 5, 9, 30, tzinfo=PARIS),
    )
    now = make_post(slug="maintenant", title="Maintenant", status=Status.PENDING, published_at=None)
    moderator_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "approve_selected", "_selected_action": [scheduled.pk, now.pk]},
    )
    run_jobs()
    by_title = {message.subject.rsplit(" : ", 1)[1]: message for message in mailoutbox}
    later = by_title["Plus tard"]
    assert later.subject == "[Cré-sol] Votre contribution est programmée le 5 mars 2099 : Plus tard"
    assert "Sa publication est programmée le 5 mars 2099 à 09h30." in later.body
    assert "Elle est en ligne ici" not in later.body
    assert by_title["Maintenant"].subject == "[Cré-sol] Votre contribution est publiée : Maintenant"
    assert "Elle est en ligne ici : http://testserver/blog/maintenant/" in by_title["Maintenant"].body
