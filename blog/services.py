"""Writing posts: saving drafts, inserting images, submitting; and comments."""

import math
import re
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cresol.accounts.models import User
from cresol.core import slugs
from cresol.core.images import attach_image, reencode
from cresol.core.markdown import render_markdown, render_markdown_subset
from cresol.core.validators import single_line
from cresol.core.versions import bump_content_version
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_submit

from .models import WORDS_PER_MINUTE, CoauthorInvitation, Comment, Dossier, DossierEntry, Post, PostImage

POST_FIELDS = ("title", "lead", "body", "kind")


def unique_slug(title: str, *, exclude_pk: Any = None) -> str:
    return slugs.unique_slug(
        title,
        default="article",
        max_length=180,
        reserved={"ecrire", "dossiers", "auteurs", "flux", "images", "commentaires", "invitations"},
        taken_in=[(Post.objects.exclude(pk=exclude_pk), "slug")],
    )


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


def image_insert(*, upload: Any, alt: str, by: User | None) -> PostImage:
    stored, _thumbnail = reencode(upload, name=slugify(alt)[:40] or "image")
    return PostImage.objects.create(image=stored, alt=alt, uploaded_by=by)


REVISION_FIELDS = {"title", "lead", "body"}


def post_render(*, post: Post) -> None:
    """The post's derived fields, from what its authors wrote: once, at each write (form, admin, demo),
    never when a page is read. The reading time follows the text."""
    post.body_html = render_markdown(post.body, anchors=True)
    words = len(re.findall(r"\w+", post.body))
    post.reading_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))


def mark_revised(post: Post, *, changed: Iterable[str]) -> None:
    """A published post whose text changed shows "mis à jour le", and feeds and the sitemap that date:
    the same rule for a member's edit and a moderator's in the admin."""
    if post.status == Status.PUBLISHED and REVISION_FIELDS & set(changed):
        post.revised_at = timezone.now()


@transaction.atomic
def post_save(*, post: Post | None, data: dict[str, Any], by: User | None, submit: bool) -> Post:
    """Save a member's post as a draft, or submit it for review."""
    post = post or Post(author=by, submitted_by=by, status=Status.DRAFT)
    for name in POST_FIELDS:
        setattr(post, name, data[name])
    if data.get("cover"):
        attach_image(
            post, data["cover"], name=unique_slug(post.title), field="cover", thumbnail_field="cover_thumbnail"
        )
        post.cover_alt = data.get("cover_alt", "")
    elif data.get("cover_alt"):
        post.cover_alt = data["cover_alt"]
    if not post.slug:
        post.slug = unique_slug(post.title)
    mark_revised(post, changed=POST_FIELDS)
    post.full_clean(exclude=["slug", "author"])
    post_render(post=post)
    post.save()
    post.themes.set(data.get("themes") or [])
    post.tags.set(data.get("tags") or [])
    post.related_initiatives.set(data.get("related_initiatives") or [])
    coauthors_invite(post=post, names=data.get("coauthors") or [], by=by)
    if submit and post.status in (Status.DRAFT, Status.REFUSED):
        moderation_submit(obj=post, by=by)
    return post


@transaction.atomic
def post_admin_save(*, post: Post, changed: Iterable[str], save_relations: Callable[[], None] | None = None) -> Post:
    """Staff's edit in the admin: the same derived fields as a member's save, "mis à jour le" when a
    published text changed."""
    if post.pk:
        mark_revised(post, changed=changed)
    post.slug = post.slug or unique_slug(post.title, exclude_pk=post.pk)
    post_render(post=post)
    post.save()
    if save_relations is not None:
        save_relations()
    return post


def _member_named(name: str) -> User | None:
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(username__iexact=name).first() or users.filter(email__iexact=name).first()


def coauthors_invite(*, post: Post, names: list[str], by: User | None) -> None:
    """Bring the post's invitations in line with the names typed: new names are invited (an e-mail,
    after commit, when the name is a member's), names removed lose their invitation and, if they had
    accepted, their co-authorship. The author learns nothing of who has an account."""
    existing = {invitation.invited_as: invitation for invitation in post.invitations.select_related("user")}
    for name in existing.keys() - set(names):
        invitation = existing[name]
        if invitation.user_id:
            post.coauthors.remove(invitation.user_id)
        invitation.delete()
    current_coauthors = set(post.coauthors.values_list("pk", flat=True))
    for name in names:
        if name in existing:
            continue
        user = _member_named(name)
        if user is not None and user.pk == post.author_id:
            user = None  # the author is no co-author of their own post
        invitation = CoauthorInvitation.objects.create(
            post=post,
            invited_as=name,
            user=user,
            invited_by=by,
            accepted_at=timezone.now() if user is not None and user.pk in current_coauthors else None,
        )
        if user is not None and invitation.accepted_at is None:
            _send_invitation(invitation)  # queued with the post's save (cresol/outbox/)


def _send_invitation(invitation: CoauthorInvitation) -> None:
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by,
        "link": settings.SITE_URL + reverse("blog:invitation", args=[invitation.pk]),
    }
    assert invitation.user is not None  # only a member's invitation is sent (coauthors_invite)
    send_mail(
        single_line(render_to_string("blog/email/invitation_subject.txt", context)),
        render_to_string("blog/email/invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.user.email],
    )


@transaction.atomic
def invitation_answer(*, invitation: CoauthorInvitation, accept: bool) -> None:
    """The invited member accepts (and becomes a co-author, with the right to edit) or declines."""
    assert invitation.user_id is not None  # only a member answers (the view checks it is them)
    if accept:
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        invitation.post.coauthors.add(invitation.user_id)
    else:
        invitation.post.coauthors.remove(invitation.user_id)
        invitation.delete()


def dossier_render(*, dossier: Dossier) -> None:
    dossier.intro_html = render_markdown(dossier.intro, anchors=True)


@transaction.atomic
def dossier_create(*, title: str, slug: str, intro: str, posts: list[Post], is_published: bool = True) -> Dossier:
    """A thematic file gathering posts in the given order (the demo; staff compose theirs in the admin)."""
    dossier = Dossier(title=title, slug=slug, intro=intro, is_published=is_published)
    dossier.full_clean()
    dossier_render(dossier=dossier)
    dossier.save()
    DossierEntry.objects.bulk_create(
        DossierEntry(dossier=dossier, post=post, position=position) for position, post in enumerate(posts)
    )
    return dossier


@transaction.atomic
def dossier_save(*, dossier: Dossier, save_relations: Callable[[], None] | None = None) -> Dossier:
    """Staff compose a dossier in the admin: its introduction rendered, its posts in their order."""
    dossier_render(dossier=dossier)
    dossier.save()
    if save_relations is not None:
        save_relations()
    return dossier


def comment_render(*, comment: Comment) -> None:
    """A comment's Markdown subset (emphasis, links, lists: no headings, no images), rendered once."""
    comment.body_html = render_markdown_subset(comment.body)


def comment_create(*, post: Post, body: str, by: User | None) -> Comment:
    return comment_admin_save(comment=Comment(post=post, body=body, author=by))


def comment_admin_save(*, comment: Comment) -> Comment:
    """A comment written (comment_create), or corrected by staff (a phone number left by mistake) or hidden."""
    comment.full_clean()
    comment_render(comment=comment)
    comment.save()
    return comment


def comments_hide(*, queryset: QuerySet[Any]) -> int:
    """Hidden from the post's page (kept for the record); staff may show them again."""
    count = queryset.update(hidden=True)
    bump_content_version(Comment)  # an update sends no signal to make the cached pages stale
    return count


def comments_show(*, queryset: QuerySet[Any]) -> int:
    """Shown again, their reports forgotten: staff read them and found nothing wrong."""
    count = queryset.update(hidden=False, report_count=0)
    bump_content_version(Comment)
    return count


def comment_report(*, comment: Comment) -> None:
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1, last_reported_at=timezone.now())
