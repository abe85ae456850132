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

    def __str__(self):
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

    def __str__(self):
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

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def search(self, query: str):
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

    def resolve(self, value: str):
        """The commune a filter names: by INSEE code when it is one, else the best match of `search`."""
        value = value.strip()
        if not value:
            return None
        if value.isdigit() and len(value) == 5:
            by_code = self.filter(code=value).first()
            if by_code is not None:
                return by_code
        return self.search(value).first()

    def containing(self, point):
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
        EPCI, verbose_name=_("intercommunalité"), on_delete=models.PROTECT, related_name="communes", null=True,
        blank=True,
    )  # fmt: skip
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

    def __str__(self):
        return f"{self.name} ({self.code[:2]})"

    def save(self, *args, **kwargs):
        # A derived column, kept in step with the name (the loader fills it in bulk itself).
        self.search_name = normalize(self.name)
        super().save(*args, **kwargs)
