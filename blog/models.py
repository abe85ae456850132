"""Posts, thematic files (dossiers) grouping them, comments, and images inserted into texts."""

from datetime import datetime
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from cresol.core.validators import validate_single_line
from cresol.moderation.models import Moderated, ModeratedQuerySet, Status
from cresol.search.fields import plain_title, search_indexes, search_vector
from cresol.themes.models import Theme, themes_prefetch

WORDS_PER_MINUTE = 220


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    DOSSIER = "dossier", _("Dossier")
    EXPERIENCE = "retour-experience", _("Retour d'expérience")
    PORTRAIT = "portrait", _("Portrait")
    TRIBUNE = "tribune", _("Tribune")
    REPORT = "compte-rendu", _("Compte-rendu")


class PostQuerySet(ModeratedQuerySet):
    def published(self, now: Any = None) -> Self:
        """Published and due: a publication date in the future keeps a post hidden everywhere until then."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=now or timezone.now())

    def by(self, user: Any) -> Self:
        return self.filter(Q(author=user) | Q(coauthors=user)).distinct()

    def for_listing(self) -> Self:
        """What a list of posts shows, in a fixed number of queries, without the text."""
        return self.select_related("author").prefetch_related(themes_prefetch()).defer("body", "body_html")


class Post(Moderated):
    title = models.CharField(_("titre"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    lead = models.TextField(
        _("chapô"), max_length=600, help_text=_("Le paragraphe d'introduction, 600 caractères au plus.")
    )
    body = models.TextField(_("texte"), help_text=_("En Markdown : titres (##), listes, tableaux, liens, images."))
    body_html = models.TextField(editable=False, blank=True)
    cover = models.ImageField(_("image de couverture"), upload_to="blog/", blank=True)
    cover_thumbnail = models.ImageField(upload_to="blog/", blank=True, editable=False)
    cover_alt = models.CharField(_("texte alternatif de la couverture"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autrice ou auteur"),
        on_delete=models.PROTECT,
        related_name="blog_posts",
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("co-auteurs"), blank=True, related_name="coauthored_posts"
    )
    kind = models.CharField(_("genre"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), related_name="posts", blank=True)
    tags = TaggableManager(_("mots-clés"), blank=True)
    related_initiatives = models.ManyToManyField(
        "initiatives.Initiative", verbose_name=_("initiatives liées"), blank=True, related_name="posts"
    )
    publish_at = models.DateTimeField(
        _("date de publication"),
        default=timezone.now,
        help_text=_("Une date future programme la publication : l'article reste invisible jusque-là."),
    )
    revised_at = models.DateTimeField(_("mis à jour le"), null=True, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(_("temps de lecture (minutes)"), default=1, editable=False)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    search_vector = search_vector(title="A", lead="B", body="C")
    title_plain = plain_title("title")

    objects = PostQuerySet.as_manager()  # type: ignore[misc]  # the section's queryset extends ModeratedQuerySet

    class Meta(Moderated.Meta):
        ordering = ["-publish_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            *search_indexes("post"),
            models.Index(fields=["status", "publish_at"], name="post_status_publish_at"),
        ]

    @property
    def scheduled_for(self) -> datetime | None:
        return self.publish_at if self.publish_at and self.publish_at > timezone.now() else None

    def __str__(self) -> str:
        return self.title

    def author_ids(self) -> set[int]:
        """Its author and co-authors: who may read it before it is public."""
        return {self.author_id, *self.coauthors.values_list("pk", flat=True)}

    def get_absolute_url(self) -> str:
        return reverse("blog:detail", args=[self.slug])

    def contributor_links(self) -> list[tuple[Any, str]]:
        edit_url = reverse("blog:edit", args=[self.slug])
        links: dict[str, list[tuple[Any, str]]] = {
            Status.PUBLISHED: [(_("Lire l'article"), self.get_absolute_url())],
            Status.DRAFT: [(_("Reprendre le brouillon"), edit_url)],
            Status.REFUSED: [(_("Corriger et renvoyer à la relecture"), edit_url)],
            Status.PENDING: [(_("Modifier"), edit_url)],
        }
        return links.get(self.status, [])

    @property
    def is_visible(self) -> bool:
        return self.status == Status.PUBLISHED and self.publish_at <= timezone.now()


class CoauthorInvitation(models.Model):
    """A member named as co-author of a post: they become one only once they accept.

    `invited_as` is what the author typed (a username or an e-mail). `user` is the account it names,
    if any; whether there is one is never shown to the author, so the form cannot tell who has an account.
    """

    post = models.ForeignKey(Post, verbose_name=_("article"), on_delete=models.CASCADE, related_name="invitations")
    invited_as = models.CharField(_("invitation adressée à"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invité par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation à co-écrire")
        verbose_name_plural = _("invitations à co-écrire")
        constraints = [models.UniqueConstraint(fields=["post", "invited_as"], name="blog_invitation_once_per_name")]

    def __str__(self) -> str:
        return f"{self.invited_as} — {self.post}"


class Dossier(models.Model):
    """A thematic file: posts in a chosen order, with its own introduction."""

    title = models.CharField(_("titre"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    intro = models.TextField(_("introduction"), help_text=_("En Markdown."))
    intro_html = models.TextField(editable=False, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), blank=True, related_name="dossiers")
    is_published = models.BooleanField(_("publié"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier thématique")
        verbose_name_plural = _("dossiers thématiques")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:dossier", args=[self.slug])


class DossierEntry(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="entries")
    post = models.ForeignKey(Post, verbose_name=_("article"), on_delete=models.CASCADE, related_name="dossier_entries")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("article du dossier")
        verbose_name_plural = _("articles du dossier")
        constraints = [models.UniqueConstraint(fields=["dossier", "post"], name="post_once_per_dossier")]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.post}"


class CommentQuerySet(models.QuerySet):
    def visible(self) -> Self:
        return self.filter(hidden=False)


class Comment(models.Model):
    post = models.ForeignKey(Post, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autrice ou auteur"),
        on_delete=models.CASCADE,
        related_name="blog_comments",
    )
    body = models.TextField(_("commentaire"), max_length=5000)
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)
    hidden = models.BooleanField(_("masqué"), default=False)
    report_count = models.PositiveIntegerField(_("signalements"), default=0)
    last_reported_at = models.DateTimeField(_("dernier signalement"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        indexes = [models.Index(fields=["post", "hidden", "created_at"], name="comment_post_visible")]

    def __str__(self) -> str:
        return f"{self.author} — {self.post}"


class PostImage(models.Model):
    """An image a member uploaded to insert in a text: re-encoded, with its alternative text."""

    image = models.ImageField(upload_to="blog/images/")
    alt = models.CharField(_("texte alternatif"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("envoyée par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("image d'article")
        verbose_name_plural = _("images d'articles")

    def __str__(self) -> str:
        return self.alt

    @property
    def markdown(self) -> str:
        alt = self.alt.replace("[", "(").replace("]", ")")
        return f"![{alt}]({self.image.url})"
