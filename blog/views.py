"""Blog contributif's pages: the list, a post with its comments, dossiers, authors, and writing."""

from typing import Any

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core import jsonld
from cresol.core.forms import posted, posted_files
from cresol.core.listing import paginate
from cresol.core.markdown import render_markdown
from cresol.core.memberpages import shared_page
from cresol.core.ratelimit import Limit, Per
from cresol.moderation.models import Status
from cresol.moderation.visibility import visible_to

from . import services
from .filters import PostFilter
from .forms import CommentForm, PostForm
from .models import CoauthorInvitation, Comment, Dossier, DossierEntry, Post

PAGE_SIZE = 12


@shared_page
@require_safe
def index(request: HttpRequest) -> HttpResponseBase:
    filterset = PostFilter(request.GET)
    if not filterset.is_valid():
        return render(request, "blog/index.html", {"filter": filterset, "page_obj": None}, status=400)
    page, query = paginate(request, filterset.qs.order_by("-publish_at", "-pk").for_listing(), PAGE_SIZE)
    return render(request, "blog/index.html", {"filter": filterset, "page_obj": page, "query": query})


def _visible_post(request: HttpRequest, slug: str) -> Post:
    post = visible_to(
        request.user,
        Post.objects.select_related("author"),
        slug=slug,
        is_public=lambda post: post.is_visible,
        authors_of=Post.author_ids,
    )
    if post is None:
        raise Http404
    return post


def related_posts(post: Post, themes: Any, tag_ids: list[int], limit: int = 3) -> list[Post]:
    """Published posts sharing the most themes and tags with this one."""
    return list(
        Post.objects.published()
        .exclude(pk=post.pk)
        .for_listing()
        .annotate(
            shared=Count("themes", filter=Q(themes__in=themes), distinct=True)
            + Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
        )
        .filter(shared__gt=0)
        .order_by("-shared", "-publish_at")[:limit]
    )


@shared_page
@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    post = _visible_post(request, slug)
    themes = list(post.themes.all())
    tags = list(post.tags.all())
    published = Post.objects.published().only("slug", "title", "publish_at")
    previous_post = published.filter(publish_at__lt=post.publish_at).order_by("-publish_at").first()
    next_post = published.filter(publish_at__gt=post.publish_at).order_by("publish_at").first()
    comments = list(post.comments.visible().select_related("author"))
    return render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            "themes": themes,
            "tags": tags,
            "coauthors": list(post.coauthors.all()),
            "initiatives": list(
                post.related_initiatives.published().select_related("commune__departement").prefetch_related("themes")
            ),
            "related": related_posts(post, themes, [tag.pk for tag in tags]),
            "previous_post": previous_post,
            "next_post": next_post,
            "comments": comments,
            "jsonld": post_jsonld(request, post, themes),
            "can_edit": (
                request.user.is_authenticated and post.author_id == request.user.pk and post.status != Status.PUBLISHED
            ),
        },
    )


def post_jsonld(request: HttpRequest, post: Any, themes: Any) -> dict:
    data = jsonld.document(
        "BlogPosting",
        request=request,
        obj=post,
        headline=post.title,
        description=post.lead,
        datePublished=post.publish_at.isoformat(),
        dateModified=(post.revised_at or post.publish_at).isoformat(),
        author=[{"@type": "Person", "name": str(post.author)}],
        publisher={"@type": "Organization", "name": "Cré-sol"},
        license="https://creativecommons.org/licenses/by-sa/4.0/",
        inLanguage="fr",
        keywords=", ".join(theme.name for theme in themes),
        timeRequired=f"PT{post.reading_minutes}M",
    )
    if post.cover:
        data["image"] = request.build_absolute_uri(post.cover.url)
    return data


COMMENTS = Limit("blog-comment", limit=10, window_seconds=3600, per=Per.MEMBER)
COMMENT_REPORTS = Limit("blog-comment-report", limit=20, window_seconds=3600)


@require_POST
@verified_email_required
def comment(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    post = get_object_or_404(Post.objects.published(), slug=slug)
    form = CommentForm(request.POST)
    if not COMMENTS.hit(request):
        form.add_error(None, _("Vous avez écrit beaucoup de commentaires en une heure : réessayez plus tard."))
        return render(request, "blog/comment_form.html", {"post": post, "comment_form": form}, status=429)
    if form.is_valid():
        services.comment_create(post=post, body=form.cleaned_data["body"], by=request.user)
        messages.success(request, _("Votre commentaire est publié."))
        return redirect(f"{post.get_absolute_url()}#commentaires")
    messages.error(request, _("Le commentaire n'a pas été enregistré : corrigez-le ci-dessous."))
    context = {"post": post, "comment_form": form}
    return render(request, "blog/comment_form.html", context, status=400)


@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Anyone may report a comment; staff decide in the admin. Rate-limited per address."""
    comment = get_object_or_404(Comment.objects.visible().select_related("post"), pk=pk)
    if not COMMENT_REPORTS.hit(request):
        return render(request, "429.html", status=429)
    services.comment_report(comment=comment)
    messages.success(request, _("Merci, le commentaire est signalé à l'équipe de modération."))
    return redirect(f"{comment.post.get_absolute_url()}#commentaires")


@shared_page
@require_safe
def dossiers(request: HttpRequest) -> HttpResponseBase:
    items = Dossier.objects.filter(is_published=True).annotate(
        post_count=Count("entries", filter=Q(entries__post__in=Post.objects.published()))
    )
    return render(request, "blog/dossier_list.html", {"dossiers": items})


@shared_page
@require_safe
def dossier(request: HttpRequest, slug: str) -> HttpResponseBase:
    item = get_object_or_404(Dossier, slug=slug, is_published=True)
    entries = DossierEntry.objects.filter(dossier=item, post__in=Post.objects.published()).select_related(
        "post__author"
    )
    return render(request, "blog/dossier_detail.html", {"dossier": item, "entries": entries})


@require_safe
def author(request: HttpRequest, username: str) -> HttpResponseBase:
    person = get_object_or_404(get_user_model(), username=username, is_active=True)
    posts = Post.objects.published().by(person).for_listing()
    page, _query = paginate(request, posts.order_by("-publish_at", "-pk"), PAGE_SIZE)
    if not page.paginator.count:
        raise Http404
    return render(request, "blog/author.html", {"person": person, "page_obj": page})


def _initial(post: Post) -> dict:
    return {
        "title": post.title,
        "lead": post.lead,
        "body": post.body,
        "kind": post.kind,
        "themes": list(post.themes.all()),
        "tags": ", ".join(post.tags.names()),
        "related_initiatives": ", ".join(i.name for i in post.related_initiatives.all()),
        "coauthors": ", ".join(invitation.invited_as for invitation in post.invitations.order_by("pk")),
        "cover_alt": post.cover_alt,
    }


PREVIEWS = Limit("blog-preview", limit=60, window_seconds=3600, per=Per.MEMBER)
IMAGES = Limit("blog-image", limit=30, window_seconds=3600, per=Per.MEMBER)


def _within_writing_limits(request: HttpRequest, *, action: str, inserts_image: bool) -> bool:
    """Previews render Markdown and images are decoded and stored: both cost the server, so both are
    limited per member (saving a text is not)."""
    if inserts_image and not IMAGES.hit(request):
        return False
    return action != "preview" or PREVIEWS.hit(request)


def _write(request: AuthenticatedHttpRequest, post: Post | None):
    """The writing page. Its buttons: insert an image, preview, save as draft, submit for review.

    Everything works without JavaScript: an inserted image is appended to the text as Markdown, and the
    preview is rendered by the server with the same sanitizer as the published page.
    """
    form = PostForm(posted(request), posted_files(request), initial=_initial(post) if post else None)
    preview = None
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "draft")
        data = form.cleaned_data
        if not _within_writing_limits(request, action=action, inserts_image=bool(data.get("insert_image"))):
            # The text is kept in the form: only the preview or the image waits.
            messages.error(request, _("Trop d'aperçus ou d'images en peu de temps : réessayez dans une heure."))
            return render(request, "blog/post_form.html", {"form": form, "post": post}, status=429)
        if data.get("insert_image"):
            image = services.image_insert(upload=data["insert_image"], alt=data["insert_image_alt"], by=request.user)
            data["body"] = f"{data['body'].rstrip()}\n\n{image.markdown}\n"
            values = request.POST.copy()
            values["body"], values["insert_image_alt"] = data["body"], ""
            form = PostForm(values, initial=form.initial)  # shows the text with the image line added
            form.is_valid()
            messages.success(request, _("L'image est ajoutée à la fin du texte : déplacez sa ligne où vous voulez."))
        if action == "preview":
            preview = render_markdown(data["body"], anchors=True)
        elif action in ("draft", "submit"):
            saved = services.post_save(post=post, data=data, by=request.user, submit=action == "submit")
            if action == "submit":
                messages.success(request, _("Votre article est envoyé à l'équipe de relecture. Merci !"))
                return redirect("accounts:member_space")
            messages.success(request, _("Brouillon enregistré."))
            return redirect("blog:edit", slug=saved.slug)
    return render(request, "blog/post_form.html", {"form": form, "post": post, "preview": preview})


@verified_email_required
def write(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    return _write(request, None)


@verified_email_required
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    """Authors edit until publication; afterwards staff edit in the admin."""
    post = get_object_or_404(Post, slug=slug)
    if post.author_id != request.user.pk and not post.coauthors.filter(pk=request.user.pk).exists():
        raise Http404
    if post.status == Status.PUBLISHED:
        messages.info(request, _("Cet article est publié : l'équipe de modération peut le modifier pour vous."))
        return redirect(post)
    return _write(request, post)


@verified_email_required
def invitation(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The invited member accepts or declines to co-write a post; nobody else sees the invitation."""
    invitation = get_object_or_404(
        CoauthorInvitation.objects.select_related("post__author", "invited_by"), pk=pk, user=request.user
    )
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        services.invitation_answer(invitation=invitation, accept=accept)
        if accept:
            messages.success(request, _("Vous êtes co-auteur·e de « %(title)s ».") % {"title": invitation.post.title})
            return redirect("blog:edit", slug=invitation.post.slug)
        messages.success(request, _("Invitation déclinée."))
        return redirect("accounts:member_space")
    return render(request, "blog/invitation.html", {"invitation": invitation})
