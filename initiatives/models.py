"""An initiative of the solidarity economy, its slugs, the changes members suggest and the reports."""

from datetime import datetime, timedelta
from typing import Any, Self

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from psycopg.types.multirange import Multirange
from psycopg.types.range import Range
from taggit.managers import TaggableManager

from cresol.core.validators import validate_single_line
from cresol.moderation.models import ChangeRequest as BaseChangeRequest
from cresol.moderation.models import Moderated, ModeratedQuerySet, Status
from cresol.search.fields import plain_title, search_indexes, search_vector
from cresol.territories.geometry import WGS84, web_mercator_x, web_mercator_y
from cresol.territories.models import Commune
from cresol.themes.models import Theme

from .validators import validate_opening_hours, validate_siret

UNCONFIRMED_AFTER = timedelta(days=365)
FLAGGED_UNCONFIRMED_AFTER = timedelta(days=456)  # about 15 months
STALE_PENDING_AFTER = timedelta(days=7)
REPORTS_FOR_ATTENTION = 3


class Kind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    SCOP = "scop", _("SCOP")
    SCIC = "scic", _("SCIC")
    CAE = "cae", _("Coopérative d'activité et d'emploi (CAE)")
    COOPERATIVE = "cooperative", _("Autre coopérative")
    MUTUELLE = "mutuelle", _("Mutuelle")
    FONDATION = "fondation", _("Fondation")
    ESUS = "esus", _("Entreprise agréée ESUS")
    COLLECTIVITE = "collectivite", _("Collectivité territoriale")
    COLLECTIF = "collectif", _("Collectif informel")
    TIERS_LIEU = "tiers-lieu", _("Tiers-lieu")


class InitiativeQuerySet(ModeratedQuerySet):
    def for_listing(self) -> Self:
        """What lists and cards show, without the text columns they do not need."""
        return self.select_related("commune__departement").only(
            "id",
            "name",
            "slug",
            "summary",
            "kind",
            "point",
            "thumbnail",
            "image_alt",
            "network_member",
            "commune__name",
            "commune__code",
            "commune__departement__code",
            "status",
        )

    def unconfirmed_for(self, duration: Any, now: Any = None) -> Self:
        """Published initiatives whose contact has not confirmed them (or since publication) for `duration`."""
        limit = (now or timezone.now()) - duration
        return self.published().filter(
            models.Q(last_confirmed_at__lt=limit) | models.Q(last_confirmed_at__isnull=True, published_at__lt=limit)
        )

    def needing_confirmation(self, now: datetime | None = None) -> "InitiativeQuerySet":
        """Those the yearly e-mail asks about (after 12 months; after 15 they are flagged in the admin)."""
        return self.unconfirmed_for(UNCONFIRMED_AFTER, now)


class Initiative(Moderated):
    name = models.CharField(_("nom"), max_length=150, validators=[validate_single_line])
    slug = models.SlugField(_("identifiant d'URL"), max_length=170, unique=True)
    summary = models.CharField(
        _("description courte"), max_length=300, help_text=_("Une ou deux phrases, 300 caractères au plus.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Mise en forme Markdown : **gras**, *italique*, listes, liens."),
    )
    description_html = models.TextField(editable=False, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), related_name="initiatives")
    main_theme = models.ForeignKey(
        Theme,
        verbose_name=_("thématique principale"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        help_text="Derived: the first of its themes in the taxonomy's order (services.initiative_refresh_main_theme).",
    )
    tags = TaggableManager(_("mots-clés"), blank=True, help_text=_("Séparés par des virgules."))
    kind = models.CharField(_("type de structure"), max_length=20, choices=Kind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    address = models.CharField(_("adresse"), max_length=255, blank=True, validators=[validate_single_line])
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    point = models.PointField(_("position"), srid=WGS84)
    # Where the point falls on the map's square, for the clusters (clusters.py), kept by PostgreSQL.
    map_x = models.GeneratedField(
        expression=web_mercator_x("point"), output_field=models.FloatField(), db_persist=True, editable=False
    )
    map_y = models.GeneratedField(
        expression=web_mercator_y("point"), output_field=models.FloatField(), db_persist=True, editable=False
    )
    website = models.URLField(_("site web"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail public"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    social_links = ArrayField(
        models.URLField(max_length=300), verbose_name=_("réseaux sociaux"), default=list, blank=True
    )
    opening_hours = models.CharField(
        _("horaires d'ouverture"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("Au format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-18:00; PH off »."),
    )
    opening_hours_note = models.TextField(
        _("précisions sur les horaires"),
        blank=True,
        help_text=_("Ce que les horaires ne disent pas : « fermé en août », « sur rendez-vous »…"),
    )
    image = models.ImageField(_("logo ou photo"), upload_to="initiatives/", blank=True)
    thumbnail = models.ImageField(upload_to="initiatives/", blank=True, editable=False)
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=200,
        blank=True,
        help_text=_("Décrivez l'image pour les personnes qui ne la voient pas."),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("année de création"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    network_member = models.BooleanField(_("membre du réseau Cré-sol"), default=False)
    last_confirmed_at = models.DateTimeField(_("dernière confirmation"), null=True, blank=True)
    duplicate_acknowledged = models.BooleanField(
        _("doublon possible signalé"),
        default=False,
        help_text=_("La personne a confirmé qu'il s'agit d'une autre initiative malgré une fiche semblable."),
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    objects = InitiativeQuerySet.as_manager()  # type: ignore[misc]  # the section's queryset extends ModeratedQuerySet

    search_vector = search_vector(name="A", summary="B", description="C")
    title_plain = plain_title("name")

    class Meta(Moderated.Meta):
        ordering = ["name"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            *Moderated.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(website="") | ~models.Q(email="") | ~models.Q(phone=""),
                name="initiative_has_a_contact",
            ),
            models.CheckConstraint(condition=models.Q(siret__regex=r"^(\d{14})?$"), name="initiative_siret_digits"),
        ]
        indexes = [
            *search_indexes("initiative"),
            models.Index(fields=["status", "updated_at"], name="initiative_status_updated"),
            GinIndex(fields=["name"], name="initiative_name_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["siret"], name="initiative_siret"),
            # The duplicates' check looks for the website inside others' (icontains, i.e. UPPER … LIKE).
            GinIndex(OpClass(Upper("website"), name="gin_trgm_ops"), name="initiative_website_trgm"),
            # The list's order: a page of 24 read from the index, not a sort of every published row.
            models.Index(
                fields=["name", "id"], name="initiative_published_by_name", condition=models.Q(status="published")
            ),
            # The observatory's counts per commune and per month, read from the index alone.
            models.Index(
                fields=["commune", "id"], name="initiative_published_commune", condition=models.Q(status="published")
            ),
            # The newest first (a theme's or territory's newest are looked for among them), and the
            # observatory's counts per month.
            models.Index(
                fields=["published_at", "id"], name="initiative_published_at", condition=models.Q(status="published")
            ),
            # The map's tiles: a range of map_x, then map_y, with what a cluster counts, from the index alone.
            models.Index(
                fields=["map_x", "map_y"],
                include=["id", "main_theme"],
                name="initiative_published_map",
                condition=models.Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.slug])

    @property
    def waiting_note(self) -> str:
        if self.duplicate_acknowledged:
            return str(_("doublon possible : sa fiche propose de comparer et fusionner"))
        return ""

    def contributor_links(self) -> list[tuple[Any, str]]:
        edit_url = reverse("initiatives:edit", args=[self.slug])
        links: dict[str, list[tuple[Any, str]]] = {
            Status.PUBLISHED: [
                (_("Voir la fiche"), self.get_absolute_url()),
                (_("Proposer une modification"), edit_url),
                (_("Remplir son radar de l'innovation sociale"), reverse("radar:initiative", args=[self.slug])),
            ],
            Status.DRAFT: [(_("Reprendre et envoyer à la relecture"), edit_url)],
            Status.REFUSED: [(_("Corriger et renvoyer à la relecture"), edit_url)],
            Status.PENDING: [(_("Modifier"), edit_url)],
        }
        return links.get(self.status, [])


class DateTimeMultiRangeField(models.Field):
    """PostgreSQL's tstzmultirange (Django has the single ranges only): a list of (begin, end) pairs."""

    description = "Several time ranges"

    def db_type(self, connection: Any) -> str:
        return "tstzmultirange"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False):
        if value is None:
            return None
        return Multirange(Range(begin, end) for begin, end in value)

    def from_db_value(self, value: Any, expression: Any, connection: Any):
        if value is None:
            return None
        return [(part.lower, part.upper) for part in value]


@DateTimeMultiRangeField.register_lookup
class ContainsMoment(models.Lookup):
    """`periods__contains=moment`: one of the ranges holds that moment (GiST-indexed)."""

    lookup_name = "contains"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any):
        return "%s::timestamptz", [value]

    def as_sql(self, compiler: Any, connection: Any):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @> {rhs}", [*lhs_params, *rhs_params]


class InitiativeOpening(models.Model):
    """When an initiative is open in the coming days, from its `opening_hours`, for the "ouvert
    maintenant" filter to read in SQL: computed by `services.initiative_openings_refresh` at each
    save and renewed every night (the library knows holidays and seasons, the database does not)."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, primary_key=True, related_name="opening")
    periods = DateTimeMultiRangeField()
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [GistIndex(fields=["periods"], name="initiative_opening_periods")]

    def __str__(self) -> str:
        return f"{self.initiative_id}"


class InitiativeSlug(models.Model):
    """A slug an initiative had before a rename: its old URL redirects to the new one (301)."""

    slug = models.SlugField(_("ancien identifiant d'URL"), max_length=170, unique=True)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self) -> str:
        return self.slug


class InitiativeMerge(models.Model):
    """Two records of one initiative merged (initiatives/merging.py): the id that went, and the one that
    replaced it. Its address redirects (301); exports and the API say which id replaced which; the former
    values of both records are kept so that a mistaken merge can be undone by hand."""

    merged_id = models.PositiveBigIntegerField(_("numéro de la fiche fusionnée"), unique=True)
    merged_slug = models.SlugField(_("son identifiant d'URL"), max_length=170)
    merged_name = models.CharField(_("son nom"), max_length=200)
    kept = models.ForeignKey(
        Initiative, verbose_name=_("fiche conservée"), on_delete=models.CASCADE, related_name="absorbed"
    )
    merged_at = models.DateTimeField(_("fusionnée le"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    former_values = models.JSONField(_("valeurs avant la fusion"), default=dict)
    moved = models.JSONField(_("éléments rattachés"), default=dict)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("fusion de doublons")
        verbose_name_plural = _("fusions de doublons")

    def __str__(self) -> str:
        return f"n° {self.merged_id} → n° {self.kept_id}"


class ChangeRequest(BaseChangeRequest):
    """Changes a member suggests to a published initiative, kept aside until staff apply or refuse them."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="change_requests")

    class Meta(BaseChangeRequest.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.initiative} ({self.created_at:%d/%m/%Y})"


class Report(models.Model):
    """A problem reported by anyone about a published initiative."""

    class Reason(models.TextChoices):
        GONE = "gone", _("N'existe plus")
        WRONG = "wrong", _("Informations erronées")
        CHARTER = "charter", _("Contraire à la charte")
        DUPLICATE = "duplicate", _("Doublon")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("motif"), max_length=10, choices=Reason.choices)
    comment = models.TextField(_("commentaire"), max_length=2000, blank=True)
    email = models.EmailField(_("e-mail (facultatif)"), blank=True)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    resolved = models.BooleanField(_("traité"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        indexes = [models.Index(fields=["initiative", "resolved"], name="report_open")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.initiative}"


class InitiativeImportQuerySet(models.QuerySet):
    def listed(self) -> Self:
        """For lists of imports: without the file (up to 2 MB) nor the report."""
        return self.defer("content", "report")


class InitiativeImport(models.Model):
    """A CSV file staff import (initiatives/importer.py): kept with its dry run's report, so that the
    import itself reads the same file, and so that who imported what, and when, stays on record."""

    file_name = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(editable=False)
    publish = models.BooleanField(_("publier directement"), default=False)
    include_duplicates = models.BooleanField(_("importer aussi les doublons possibles"), default=False)
    report = models.JSONField(_("rapport"), default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("vérifié le"), auto_now_add=True)
    imported_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    imported_count = models.PositiveIntegerField(_("initiatives créées"), default=0)

    objects = InitiativeImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import CSV")
        verbose_name_plural = _("imports CSV")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"


class ConfirmationReminder(models.Model):
    """One yearly "still active?" e-mail: unique per initiative and period, so it is never sent twice."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reminders")
    period = models.CharField(
        _("période"), max_length=20, help_text="The reference date it reminds about, e.g. 2026-11-26."
    )
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "period"], name="one_reminder_per_period")]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.period}"


__all__ = [
    "Initiative",
    "InitiativeSlug",
    "InitiativeOpening",
    "InitiativeImport",
    "ChangeRequest",
    "Report",
    "ConfirmationReminder",
    "Kind",
    "Status",
]


class InitiativeTally(models.Model):
    """How many published initiatives each commune has on each theme, and in all (theme empty).

    The home, theme and territory pages count initiatives; counting 100,000 rows on every page cost
    100 ms. These counts are kept by PostgreSQL triggers (migration 0012): an initiative published,
    unpublished, moved to another commune or deleted, a theme added or removed, changes them in the same
    transaction, whatever writes it — a member's form, a moderator's bulk approval, an import's
    bulk_create. A count is then a sum over at most communes × themes rows, whatever the number of
    initiatives. `tally_check()` (initiatives.services) compares them with a fresh count.
    """

    # No foreign key constraints: the triggers write while a theme or an initiative is being deleted.
    commune = models.ForeignKey(Commune, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    theme = models.ForeignKey(
        Theme, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="initiative_tallies"
    )
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("décompte d'initiatives")
        constraints = [
            models.UniqueConstraint(fields=["commune", "theme"], name="initiative_tally_unique", nulls_distinct=False)
        ]
