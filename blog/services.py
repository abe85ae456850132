"""Writing posts: saving drafts, inserting images, submitting; and comments."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from cresol.core.images import reencode
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_submit

from .models import Comment, Dossier, Post, PostImage

POST_FIELDS = ("title", "lead", "body", "kind")


def unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:180] or "article"
    if base in {"ecrire", "dossiers", "auteurs", "flux", "images", "commentaires"}:
        base = f"{base}-article"
    slug, number = base, 2
    while Post.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def unused_images_delete(*, older_than: timedelta = timedelta(days=2)) -> int:
    """Delete images inserted while writing that no text uses (the post was never saved, or the line
    was removed), with their files. The delay leaves time to save a draft that was being written."""
    used = Exists(Post.objects.filter(body__contains=OuterRef("image"))) | Exists(
        Dossier.objects.filter(intro__contains=OuterRef("image"))
    )
    unused = PostImage.objects.filter(created_at__lt=timezone.now() - older_than).exclude(used)
    count = 0
    for image in unused:
        image.image.delete(save=False)
        image.delete()
        count += 1
    return count


def image_insert(*, upload, alt: str, by) -> PostImage:
    stored, _thumbnail = reencode(upload, name=slugify(alt)[:40] or "image")
    return PostImage.objects.create(image=stored, alt=alt, uploaded_by=by)


@transaction.atomic
def post_save(*, post: Post | None, data: dict, by, submit: bool) -> Post:
    """Save a member's post as a draft, or submit it for review."""
    post = post or Post(author=by, submitted_by=by, status=Status.DRAFT)
    for name in POST_FIELDS:
        setattr(post, name, data[name])
    if data.get("cover"):
        post.cover, post.cover_thumbnail = reencode(data["cover"], name=unique_slug(post.title))
        post.cover_alt = data.get("cover_alt", "")
    elif data.get("cover_alt"):
        post.cover_alt = data["cover_alt"]
    if not post.slug:
        post.slug = unique_slug(post.title)
    if post.status == Status.PUBLISHED:
        post.revised_at = timezone.now()
    post.full_clean(exclude=["slug", "author"])
    post.save()
    post.themes.set(data.get("themes") or [])
    post.tags.set(data.get("tags") or [])
    post.related_initiatives.set(data.get("related_initiatives") or [])
    post.coauthors.set([user for user in data.get("coauthors") or [] if user.pk != post.author_id])
    if submit and post.status in (Status.DRAFT, Status.REFUSED):
        moderation_submit(obj=post, by=by)
    return post


def comment_create(*, post: Post, body: str, by) -> Comment:
    return Comment.objects.create(post=post, body=body, author=by)


def comment_report(*, comment: Comment) -> None:
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1, last_reported_at=timezone.now())
