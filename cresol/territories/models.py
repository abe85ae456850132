from typing import Any, Self

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db.models import Case, CharField, F, Func, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from .geometry import WGS84
from .search import normalize


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    geom = models.MultiPolygonField(_("contour"), srid=WGS84, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class EPCI(models.Model):
    """An intercommunalité (CC, CA, CU or métropole), identified by its SIREN."""

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("nature"), max_length=10)
    # The union of its communes in the region (an EPCI across the border is drawn up to it), computed
    # by the loader: the files give no outline of their own.
    geom = models.MultiPolygonField(_("contour"), srid=WGS84, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intercommunalité")
        verbose_name_plural = _("intercommunalités")

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet):
    def search(self, query: str) -> Any:
        """Communes matching a name or a postal code, best match first.

        Accents, case and hyphens are ignored; an exact name comes before a name that starts with the
        query, which comes before one that merely contains it; ties go to the most populated.
        """
        query = query.strip()
        if query.isdigit():
            # A postal code or an INSEE code, whole or its first digits: the largest communes first.
            postal_codes = Func(F("postal_codes"), Value(" "), function="array_to_string", output_field=CharField())
            return (
                self.annotate(postal_text=postal_codes)
                .filter(Q(postal_text__regex=rf"(^| ){query}") | Q(code__startswith=query))
                .order_by("-population", "name")
            )
        needle = normalize(query)
        if not needle:
            return self.none()
        return (
            self.filter(search_name__contains=needle)
            .annotate(
                rank=Case(
                    When(search_name=needle, then=Value(0)),
                    When(search_name__startswith=needle, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("rank", "-population", "name")
        )

    def named(self, value: str) -> Self:
        """The communes a filter names. Five digits are a postal code (every commune it serves: 18100 is
        Vierzon and its neighbours) or an INSEE code (18100 is also a commune's, elsewhere in the Cher):
        both are taken, since people type the first and data carries the second. A name gives its best
        match of `search`. Two indexed ways, a UNION (an OR would read every row)."""
        value = value.strip()
        if len(value) == 5 and value.isdigit():
            by_code = self.filter(code=value).values("pk")
            return self.filter(pk__in=by_code.union(self.filter(postal_codes__contains=[value]).values("pk")))
        best = self.search(value).values_list("pk", flat=True)[:1] if value else []
        return self.filter(pk__in=list(best))

    def containing(self, point: Any) -> Self:
        """The commune whose outline contains the point (a GEOS Point in WGS84)."""
        return self.filter(geom__intersects=point)


class Commune(models.Model):
    code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=150)
    search_name = models.CharField(max_length=150, editable=False, help_text="Name without accents nor case.")
    departement = models.ForeignKey(
        Departement, verbose_name=_("département"), on_delete=models.PROTECT, related_name="communes"
    )
    epci = models.ForeignKey(
        EPCI,
        verbose_name=_("intercommunalité"),
        on_delete=models.PROTECT,
        related_name="communes",
        null=True,
        blank=True,
    )
    postal_codes = ArrayField(models.CharField(max_length=5), verbose_name=_("codes postaux"), default=list)
    population = models.PositiveIntegerField(_("population"), default=0)
    geom = models.MultiPolygonField(_("contour"), srid=WGS84)
    point = models.PointField(_("point"), srid=WGS84, help_text=_("Un point à l'intérieur du contour."))

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [
            GinIndex(fields=["search_name"], name="commune_search_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["postal_codes"], name="commune_postal_codes"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code[:2]})"


class PaysKind(models.TextChoices):
    PETR = "petr", _("PETR (pôle d'équilibre territorial et rural)")
    PAYS = "pays", _("Pays")
    METROPOLITAN = "pole-metropolitain", _("Pôle métropolitain")


class Pays(models.Model):
    """A Pays (or PETR, or pôle métropolitain): intercommunalités that plan their development together,
    with a conseil de développement where citizens and associations take part. No reference list reaches
    the portal: staff keep them in the admin (cresol.territories.services.pays_save)."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=160, unique=True)
    kind = models.CharField(_("nature"), max_length=20, choices=PaysKind.choices, default=PaysKind.PAYS)
    epcis = models.ManyToManyField(EPCI, verbose_name=_("intercommunalités membres"), related_name="pays")
    council_name = models.CharField(_("conseil de développement"), max_length=200, blank=True)
    council_email = models.EmailField(_("e-mail du conseil de développement"), blank=True)
    council_url = models.URLField(_("site du conseil de développement"), max_length=300, blank=True)
    website = models.URLField(_("site du Pays"), max_length=300, blank=True)
    is_demo = models.BooleanField(
        _("donnée de démonstration"),
        default=False,
        help_text=_("Composition proposée pour la démonstration : à vérifier avant de s'y fier."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Pays")
        verbose_name_plural = _("Pays")

    def __str__(self) -> str:
        return self.name
