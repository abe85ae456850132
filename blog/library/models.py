"""A resource of the library: a guide, a tool, a report, a training or a recording, as a file or a link."""

import secrets
from typing import Any, Self

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blog.models import Dossier
from cresol.core.private_storage import private_storage as cresol_private_storage
from cresol.core.validators import validate_single_line
from cresol.moderation.models import Moderated, ModeratedQuerySet, Status
from cresol.search.fields import plain_title, search_indexes, search_vector
from cresol.themes.models import Theme, themes_prefetch
from initiatives.models import Initiative

from .validators import validate_new_resource_file


class Kind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TOOL = "outil", _("Outil")
    REPORT = "rapport", _("Rapport ou étude")
    TRAINING = "formation", _("Formation")
    RECORDING = "enregistrement", _("Enregistrement (vidéo, son)")


class Licence(models.TextChoices):
    """Free licences first: the network shares under them (the form says so)."""

    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons BY-SA 4.0 (libre)")
    CC_BY = "cc-by-4.0", _("Creative Commons BY 4.0 (libre)")
    CC0 = "cc0-1.0", _("CC0, domaine public (libre)")
    ETALAB = "etalab-2.0", _("Licence Ouverte 2.0 (libre)")
    GPL = "gpl-3.0", _("GNU GPL 3.0, pour un logiciel (libre)")
    CC_BY_NC_SA = "cc-by-nc-sa-4.0", _("Creative Commons BY-NC-SA 4.0 (pas d'usage commercial)")
    CC_BY_ND = "cc-by-nd-4.0", _("Creative Commons BY-ND 4.0 (pas de modification)")
    RESERVED = "reserved", _("Tous droits réservés (lecture seule)")


FREE_LICENCES = {Licence.CC_BY_SA, Licence.CC_BY, Licence.CC0, Licence.ETALAB, Licence.GPL}
LICENCE_URLS: dict[str, str] = {
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
    Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.GPL: "https://www.gnu.org/licenses/gpl-3.0.html",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr",
    Licence.CC_BY_ND: "https://creativecommons.org/licenses/by-nd/4.0/deed.fr",
}


def private_storage() -> Any:
    """The private storage (cresol/core/private_storage.py), as settings say at each use."""
    return cresol_private_storage


def private_name(resource: Any, filename: str) -> str:
    """An unguessable name: the file's address must tell nothing of it, nor let anyone try its neighbours.
    People download it under the resource's own name (its view's Content-Disposition)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"ressources/{secrets.token_urlsafe(18)}.{extension}"


class ResourceQuerySet(ModeratedQuerySet):
    def for_listing(self) -> Self:
        return self.defer("description", "description_html").prefetch_related(themes_prefetch())


class Resource(Moderated):
    title = models.CharField(_("titre"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    summary = models.CharField(
        _("résumé"), max_length=400, help_text=_("Deux ou trois phrases, 400 caractères au plus.")
    )
    description = models.TextField(_("présentation"), blank=True, help_text=_("En Markdown : sommaire, public, durée…"))
    description_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(_("type de ressource"), max_length=20, choices=Kind.choices)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), related_name="resources", blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_SA)
    author_name = models.CharField(
        _("autrice, auteur ou organisation"), max_length=200, validators=[validate_single_line]
    )
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    # Private until the resource is published, refused ones' deleted: served only by the library's view.
    file = models.FileField(
        _("fichier"),
        upload_to=private_name,
        storage=private_storage,
        blank=True,
        max_length=255,
        validators=[validate_new_resource_file],
    )
    file_size = models.PositiveIntegerField(_("taille du fichier (octets)"), default=0, editable=False)
    link = models.URLField(_("lien"), max_length=500, blank=True)
    related_initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives liées"), blank=True, related_name="resources"
    )
    related_dossiers = models.ManyToManyField(
        Dossier, verbose_name=_("dossiers liés"), blank=True, related_name="resources"
    )
    # A training's dates are the agenda's events: the library points to them, the agenda shows them.
    events = models.ManyToManyField(
        "agenda.Event", verbose_name=_("dates dans l'agenda"), blank=True, related_name="resources"
    )

    search_vector = search_vector(title="A", summary="B", author_name="B", description="C")
    title_plain = plain_title("title")

    objects = ResourceQuerySet.as_manager()  # type: ignore[misc]  # the section's queryset extends ModeratedQuerySet

    class Meta(Moderated.Meta):
        ordering = ["-published_at", "-id"]
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        constraints = [
            *Moderated.Meta.constraints,
            # A refused resource loses its file (deleted at once): it keeps its link, if any, and its text.
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(link="") | models.Q(status=Status.REFUSED),
                name="resource_file_or_link",
            ),
        ]
        indexes = [
            *search_indexes("resource"),
            models.Index(fields=["status", "published_at"], name="resource_status_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.slug])

    @property
    def is_free(self) -> bool:
        return self.licence in FREE_LICENCES

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(str(self.licence), "")

    @property
    def download_name(self) -> str:
        """The name people save the file under: the resource's, not the stored one."""
        return f"{self.slug}.{(self.file.name or '').rsplit('.', 1)[-1].lower()}" if self.file else ""

    @property
    def file_extension(self) -> str:
        return (self.file.name or "").rsplit(".", 1)[-1].upper() if self.file else ""

    def contributor_links(self) -> list[tuple[Any, str]]:
        if self.status == Status.PUBLISHED:
            return [(_("Voir la ressource"), self.get_absolute_url())]
        if self.status in (Status.DRAFT, Status.REFUSED, Status.PENDING):
            return [(_("Modifier"), reverse("library:edit", args=[self.slug]))]
        return []
