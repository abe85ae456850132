"""Sources followed, the items fetched from them, and the shares that make the public watch."""

from typing import Any, Self

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from cresol.accounts.models import User
from cresol.core.models import FetchState
from cresol.core.validators import validate_single_line
from cresol.moderation.models import Moderated, ModeratedQuerySet, Status
from cresol.search.fields import plain_title, search_indexes, search_vector
from cresol.themes.models import Theme, themes_prefetch


class Source(FetchState):
    name = models.CharField(_("nom"), max_length=150)
    feed_url = models.URLField(_("adresse du flux RSS ou Atom"), max_length=500, unique=True)
    site_url = models.URLField(_("site"), max_length=500, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), blank=True, related_name="sources")
    active = models.BooleanField(_("suivie"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """An entry fetched from a source; the same article from two sources shares its canonical link."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="items")
    entry_id = models.CharField(_("identifiant dans le flux"), max_length=500)
    title = models.CharField(_("titre"), max_length=500)
    link = models.URLField(_("lien"), max_length=1000)
    canonical_link = models.CharField(_("adresse comparée"), max_length=1000, db_index=True)
    summary = models.TextField(_("résumé"), blank=True)
    author = models.CharField(_("auteur"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("récupéré le"), auto_now_add=True)
    dismissed = models.BooleanField(_("écarté"), default=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article récupéré")
        verbose_name_plural = _("articles récupérés")
        constraints = [models.UniqueConstraint(fields=["source", "entry_id"], name="one_item_per_source_entry")]
        indexes = [models.Index(fields=["dismissed", "-published_at"], name="item_inbox")]

    def __str__(self) -> str:
        return self.title


class ShareQuerySet(ModeratedQuerySet):
    def for_listing(self) -> Self:
        """What a list of shares shows (who shared, the source, the themes) in a fixed number of queries."""
        return self.select_related("submitted_by", "item__source").prefetch_related(themes_prefetch())


class Share(Moderated):
    """A link the network recommends, with why it is useful: from a fetched item or brought by a member."""

    item = models.ForeignKey(
        Item,
        verbose_name=_("article récupéré"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shares",
    )
    url = models.URLField(_("adresse"), max_length=1000)
    canonical_url = models.CharField(max_length=1000, db_index=True, editable=False)
    title = models.CharField(_("titre"), max_length=300, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True, max_length=2000)
    comment = models.TextField(_("pourquoi c'est utile"), max_length=3000)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), blank=True, related_name="shares")
    tags = TaggableManager(_("mots-clés"), blank=True)
    deadline = models.DateField(
        _("date limite"), null=True, blank=True, help_text=_("Pour un appel à projets ou un financement.")
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    search_vector = search_vector(title="A", comment="B", description="C")
    title_plain = plain_title("title")

    objects = ShareQuerySet.as_manager()  # type: ignore[misc]  # the section's queryset extends ModeratedQuerySet

    class Meta(Moderated.Meta):
        ordering = ["-published_at", "-pk"]
        verbose_name = _("partage")
        verbose_name_plural = _("partages")
        indexes = [
            *search_indexes("share"),
            models.Index(fields=["status", "-published_at"], name="share_status_published"),
            models.Index(fields=["status", "deadline"], name="share_status_deadline"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('veille:index')}#partage-{self.pk}"

    def contributor_links(self) -> list[tuple[Any, str]]:
        return [(_("Voir le partage"), self.get_absolute_url())] if self.status == Status.PUBLISHED else []


class WatchMember(User):
    """The members seen from the watch: the moderators add people to the "Veilleurs" group here (whose
    shares are published without review), without the rights of the full members' admin."""

    class Meta:
        proxy = True
        verbose_name = _("veilleur ou veilleuse")
        verbose_name_plural = _("veilleurs et veilleuses")
