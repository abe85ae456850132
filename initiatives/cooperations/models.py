"""Needs and offers between collectives: "on cherche" a room, a skill, volunteers, a partner…, "on
propose" the same. Posted by a member, for themselves or for an initiative they listed; moderated at
first publication like a resource person's profile; answered through the shared relay (the author's
address is never shown).

A cooperation reaches a territory: a commune, its intercommunality, its Pays, its département, or the
communes within a radius. That reach is kept as the list of the communes it covers (`reach`, commune
ids, GIN-indexed), computed by the service: a territory's filter, the matching of a need with an offer
and the resource people's weekly notice are then one array overlap (`&&`) in PostgreSQL.
"""

from datetime import date
from typing import Any, Self

from django.contrib.gis.db import models
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cresol.core.validators import validate_single_line
from cresol.moderation.models import Moderated, ModeratedQuerySet, Status
from cresol.search.fields import plain_title, search_indexes, search_vector
from cresol.territories.geometry import WGS84
from cresol.territories.models import Commune, Pays
from cresol.themes.models import Theme, themes_prefetch

from ..models import Initiative

MAX_RADIUS_KM = 100


class Direction(models.TextChoices):
    NEED = "besoin", _("On cherche")
    OFFER = "offre", _("On propose")


class Kind(models.TextChoices):
    SKILL = "competence", _("Une compétence")
    PLACE = "lieu", _("Un lieu, une salle")
    EQUIPMENT = "materiel", _("Du matériel")
    VOLUNTEERS = "benevoles", _("Des bénévoles")
    PARTNER = "partenaire", _("Un partenaire pour un projet")
    COBUILDING = "co-construction", _("Une co-construction")


class Scope(models.TextChoices):
    COMMUNE = "commune", _("La commune")
    EPCI = "epci", _("Son intercommunalité")
    PAYS = "pays", _("Son Pays")
    DEPARTEMENT = "departement", _("Son département")
    RADIUS = "rayon", _("Un rayon autour de la commune")


class CooperationQuerySet(ModeratedQuerySet):
    def current(self, today: date | None = None) -> Self:
        """What the lists show: published, not yet fulfilled, and not past its end date."""
        today = today or timezone.localdate()
        return self.published().filter(fulfilled_at__isnull=True, ends_on__gte=today)

    def for_listing(self) -> Self:
        return (
            self.select_related("commune", "initiative")
            .only(
                "id",
                "title",
                "slug",
                "direction",
                "kind",
                "scope",
                "radius_km",
                "ends_on",
                "fulfilled_at",
                "status",
                "published_at",
                "commune__name",
                "commune__code",
                "initiative__name",
                "initiative__slug",
            )
            .prefetch_related(themes_prefetch())
        )

    def with_places(self) -> Self:
        """Whole rows with what `reach_label` and the initiative's link read, for feeds and exports."""
        return (
            self.select_related("commune__departement", "commune__epci", "pays", "initiative")
            .defer("reach", "search_vector", "title_plain", "commune__geom", "commune__departement__geom")
            .defer("commune__epci__geom", "initiative__description", "initiative__search_vector")
            .prefetch_related(themes_prefetch())
        )

    def reaching(self, communes: Any) -> Self:
        """Those whose reach covers one of these communes (a queryset of Commune), one array overlap."""
        return self.filter(reach__overlap=ArraySubquery(communes.order_by().values("pk")))


class Cooperation(Moderated):
    direction = models.CharField(_("sens"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=140, validators=[validate_single_line])
    slug = models.SlugField(_("identifiant d'URL"), max_length=160, unique=True)
    description = models.TextField(
        _("description"),
        max_length=2000,
        help_text=_("Ce qui est cherché ou proposé, quand, à quelles conditions (2 000 caractères au plus)."),
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cooperations",
        help_text=_("Pour une initiative de la carte, ou laissé vide : en votre nom."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), related_name="cooperations", blank=True)
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("territoire"), max_length=12, choices=Scope.choices, default=Scope.COMMUNE)
    radius_km = models.PositiveSmallIntegerField(
        _("rayon (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS_KM)],
    )
    # The Pays its commune belongs to, when the scope is the Pays (an EPCI may sit in more than one).
    pays = models.ForeignKey(Pays, verbose_name=_("Pays"), on_delete=models.SET_NULL, null=True, blank=True)
    reach = ArrayField(
        models.IntegerField(),
        verbose_name=_("communes couvertes"),
        default=list,
        editable=False,
        help_text="Ids of the communes the scope covers, computed by services.cooperation_save.",
    )
    point = models.PointField(_("point"), srid=WGS84, editable=False)  # the commune's: the map's marker
    ends_on = models.DateField(_("jusqu'au"))
    fulfilled_at = models.DateTimeField(_("pourvue le"), null=True, blank=True)
    # When the resource people serving its territory were told of this need (the weekly notice).
    people_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    search_vector = search_vector(title="A", description="B")
    title_plain = plain_title("title")

    objects = CooperationQuerySet.as_manager()  # type: ignore[misc]  # the section's queryset extends ModeratedQuerySet

    class Meta(Moderated.Meta):
        ordering = ["-published_at", "-id"]
        verbose_name = _("coopération")
        verbose_name_plural = _("coopérations")
        indexes = [
            models.Index(fields=["status", "ends_on"], name="cooperation_status_end"),
            models.Index(fields=["-published_at", "-id"], name="cooperation_newest"),
            GinIndex(fields=["reach"], name="cooperation_reach"),
            *search_indexes("cooperation"),
        ]
        constraints = [
            *Moderated.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(scope="rayon") | models.Q(radius_km__isnull=False),
                name="cooperation_radius_has_km",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperations:detail", args=[self.slug])

    @property
    def is_need(self) -> bool:
        return self.direction == Direction.NEED

    @property
    def is_over(self) -> bool:
        return self.ends_on < timezone.localdate()

    @property
    def is_open(self) -> bool:
        """Whether it can still be answered: published, not fulfilled, not past its end date."""
        return self.is_published and self.fulfilled_at is None and not self.is_over

    def reach_label(self) -> str:
        """Where it applies, in words: "Tours", "Pays Loire Touraine", "à 20 km de Bourges"."""
        commune = self.commune
        if self.scope == Scope.RADIUS:
            return str(_("à %(km)s km de %(commune)s") % {"km": self.radius_km, "commune": commune.name})
        if self.scope == Scope.PAYS and self.pays is not None:
            return self.pays.name
        if self.scope == Scope.EPCI and commune.epci is not None:
            return commune.epci.name
        if self.scope == Scope.DEPARTEMENT:
            return commune.departement.name
        return commune.name

    def contributor_links(self) -> list[tuple[Any, str]]:
        edit = (_("Modifier"), reverse("cooperations:edit", args=[self.slug]))
        if self.status == Status.PUBLISHED:
            return [(_("Voir l'annonce"), self.get_absolute_url()), edit]
        return [edit]
