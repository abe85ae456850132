"""Writing a post (preview, images, draft, review), comments, and hostile input made harmless."""

import html
import io
import re
from pathlib import Path

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pytest_django.asserts import assertContains

from blog.models import Comment, Post, PostImage
from cresol.moderation.models import Status
from cresol.themes.models import Theme
from tests.factories import ModeratorFactory, UserFactory, make_post
from tests.http import page_text
from tests.initiatives.test_markdown import HOSTILE

pytestmark = pytest.mark.django_db
LIVE_SCHEME = re.compile(r"""(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):""")


def data(**overrides):
    values = {
        "title": "Notre repair café",
        "lead": "Un an de réparations.",
        "body": "## Début\n\nOn répare.",
        "kind": "retour-experience",
        "themes": [Theme.objects.get(slug="reemploi-zero-dechet").pk],
        "tags": "réparation",
        "related_initiatives": "",
        "coauthors": "",
        "cover_alt": "",
        "insert_image_alt": "",
    }
    values.update(overrides)
    return values


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def author_client(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = UserFactory(username="lea")
    client.force_login(author)
    client.author = author
    return client


def test_writing_needs_an_account(client):
    assert client.get("/blog/ecrire/")["Location"].startswith("/compte/login/")


def test_the_preview_is_rendered_by_the_server_and_saves_nothing(author_client):
    response = author_client.post("/blog/ecrire/", data(action="preview", body="**gras** <script>alert(1)</script>"))
    content = page_text(response)
    assert "<strong>gras</strong>" in content
    assert "<script>alert(1)</script>" not in content
    assert not Post.objects.exists()


def test_an_image_is_inserted_into_the_text_reencoded_with_its_alternative_text(author_client):
    without_alt = author_client.post("/blog/ecrire/", {**data(action="image"), "insert_image": png()})
    assert "Décrivez l'image à insérer" in html.unescape(page_text(without_alt))
    response = author_client.post(
        "/blog/ecrire/", {**data(action="image", insert_image_alt="Un grille-pain réparé"), "insert_image": png()}
    )
    image = PostImage.objects.get()
    assert image.image.name.endswith(".webp")
    assert f"![Un grille-pain réparé]({image.image.url})" in html.unescape(page_text(response))
    assert not Post.objects.exists()  # the text is kept in the form, not saved yet


def test_a_draft_then_a_submission_for_review(author_client, mailoutbox, run_jobs):
    moderator = ModeratorFactory()
    response = author_client.post("/blog/ecrire/", data(action="draft"))
    post = Post.objects.get()
    assert response["Location"] == f"/blog/{post.slug}/modifier/"
    assert post.status == Status.DRAFT
    assert post.author == author_client.author
    author_client.post(f"/blog/{post.slug}/modifier/", data(action="submit", title="Notre repair café, un an après"))
    run_jobs()
    post.refresh_from_db()
    assert post.status == Status.PENDING
    assert post.title == "Notre repair café, un an après"
    assert mailoutbox[0].to == [moderator.email]
    assertContains(author_client.get("/mon-espace/"), "Notre repair café, un an après")


def test_only_authors_edit_and_only_until_publication(client):
    post = make_post(slug="publie")
    client.force_login(post.author)
    assert client.get("/blog/publie/modifier/")["Location"] == "/blog/publie/"
    client.force_login(UserFactory())
    assert client.get("/blog/publie/modifier/").status_code == 404


def test_errors_are_beside_their_fields_and_the_text_is_kept(author_client):
    response = author_client.post("/blog/ecrire/", data(title="", related_initiatives="Inconnue", action="draft"))
    content = html.unescape(page_text(response))
    assert "Ce champ est obligatoire" in content
    assert "« Inconnue » est introuvable." in content
    assert "## Début" in content
    assert not Post.objects.exists()


def test_members_comment_and_anyone_reports_a_comment(client):
    make_post(slug="commentable")
    member = UserFactory(display_name="Nadia")
    client.force_login(member)
    client.post("/blog/commentable/commentaires/", {"body": "Très **utile** <img src=x onerror=alert(1)>"})
    comment = Comment.objects.get()
    assert "<strong>utile</strong>" in comment.body_html and "onerror" not in comment.body_html
    assertContains(client.get("/blog/commentable/"), "Nadia")
    client.logout()
    assert client.post("/blog/commentable/commentaires/", {"body": "anonyme"}).status_code == 302
    assert Comment.objects.count() == 1
    client.post(f"/blog/commentaires/{comment.pk}/signaler/")
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_a_hidden_comment_disappears_and_comments_are_rate_limited(client):
    post = make_post(slug="anime")
    assert post.comments.count() == 0
    client.force_login(UserFactory())
    statuses = [client.post("/blog/anime/commentaires/", {"body": f"Message {n}"}).status_code for n in range(12)]
    assert statuses == [302] * 10 + [429] * 2
    Comment.objects.filter(body="Message 0").update(hidden=True)
    content = page_text(client.get("/blog/anime/"))
    assert "Message 0" not in content and "Message 1" in content
    assert post.comments.visible().count() == 9


def test_an_empty_comment_is_refused_with_its_error(client):
    make_post(slug="vide")
    client.force_login(UserFactory())
    response = client.post("/blog/vide/commentaires/", {"body": ""})
    assertContains(response, "Ce champ est obligatoire", status_code=400)


def test_hostile_markdown_is_harmless_in_the_page_and_the_feeds(client):
    make_post(title="Piège", slug="piege", body="\n\n".join(HOSTILE), lead="<script>alert('chapo')</script>")
    page = page_text(client.get("/blog/piege/")).lower()
    feeds = [page_text(client.get(url)).lower() for url in ("/blog/flux/", "/blog/flux/atom/")]
    for content in [page, *[html.unescape(feed) for feed in feeds]]:
        for needle in ["<script>alert", "onerror=", "onload=", "<svg", "<iframe", "expression("]:
            assert needle not in content, needle
        # A refused link stays visible as the text the member typed; no attribute may carry the scheme.
        assert not LIVE_SCHEME.search(content)
    for url in ("/blog/flux/", "/blog/flux/atom/"):
        raw = page_text(client.get(url))
        assert "&lt;script" not in raw  # HTML escaped once for XML: a live tag would read so
        assert not feedparser.parse(raw).bozo


def test_previews_and_inserted_images_are_rate_limited_and_the_text_is_kept(author_client):
    from blog.views import IMAGES, PREVIEWS

    for _ in range(PREVIEWS.limit):
        assert author_client.post("/blog/ecrire/", data(action="preview")).status_code == 200
    over = author_client.post("/blog/ecrire/", data(action="preview", body="Mon texte à garder"))
    assert over.status_code == 429
    assert "Trop d'aperçus ou d'images" in html.unescape(page_text(over, 429))
    assert "Mon texte à garder" in html.unescape(page_text(over, 429))
    for _ in range(IMAGES.limit):
        response = author_client.post("/blog/ecrire/", data(action="insert", insert_image=png(), insert_image_alt="x"))
        assert response.status_code == 200
    assert PostImage.objects.count() == IMAGES.limit
    refused = author_client.post("/blog/ecrire/", data(action="insert", insert_image=png(), insert_image_alt="x"))
    assert refused.status_code == 429
    assert PostImage.objects.count() == IMAGES.limit
    assert author_client.post("/blog/ecrire/", data(action="draft")).status_code == 302  # saving is never limited


def test_images_inserted_in_a_text_never_saved_are_deleted_with_their_files(author_client, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    author_client.post("/blog/ecrire/", data(action="preview", insert_image=png(), insert_image_alt="abandonnée"))
    kept_response = author_client.post(
        "/blog/ecrire/", data(action="preview", insert_image=png(), insert_image_alt="gardée")
    )
    kept_image = PostImage.objects.get(alt="gardée")
    body = kept_response.context["form"]["body"].value()
    author_client.post("/blog/ecrire/", data(action="draft", body=body))
    abandoned = PostImage.objects.get(alt="abandonnée")
    abandoned_file = Path(abandoned.image.path)
    assert abandoned_file.exists()
    PostImage.objects.update(created_at=timezone.now() - timedelta(days=3))
    call_command("delete_unused_images")
    assert list(PostImage.objects.values_list("alt", flat=True)) == ["gardée"]
    assert not abandoned_file.exists()
    assert Path(kept_image.image.path).exists()
