"""The radar's grid (versioned: axes and questions frozen once answered) and the assessments filled on it.

A grid in use is never edited: staff write the next version (a copy, changed before it is put in use),
so that an assessment always reads with the questions it answered.
"""

from typing import Any, Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative

# The graded scale every question is answered on, from 0 to 4; "je ne sais pas" is no answer at all
# (it counts in no average).
LEVELS = [
    (0, _("Pas encore")),
    (1, _("Un peu")),
    (2, _("En partie")),
    (3, _("Largement")),
    (4, _("Pleinement")),
]
TOP_LEVEL = LEVELS[-1][0]


class GridQuerySet(models.QuerySet["Grid"]):
    def in_use(self) -> Self:
        return self.filter(in_use_since__isnull=False)

    def current(self) -> "Grid | None":
        """The grid new assessments are filled on: the last one put in use."""
        return self.in_use().order_by("-version").first()


class Grid(models.Model):
    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    title = models.CharField(_("titre"), max_length=150)
    introduction = models.TextField(_("présentation"), blank=True)
    in_use_since = models.DateTimeField(
        _("en service depuis"),
        null=True,
        blank=True,
        help_text=_("Vide tant que la version se prépare ; la dernière mise en service sert aux nouveaux radars."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GridQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("grille du radar")
        verbose_name_plural = _("grilles du radar")

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_frozen(self) -> bool:
        """Answered at least once: its axes and questions stay as they were answered."""
        return self.assessments.exists()


class Axis(models.Model):
    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="axes")
    name = models.CharField(_("nom"), max_length=80)
    short_name = models.CharField(
        _("nom court"), max_length=24, help_text=_("Écrit sur le graphique, 24 caractères au plus.")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["grid", "order", "id"]
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        constraints = [models.UniqueConstraint(fields=["grid", "name"], name="radar_axis_name_once_per_grid")]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["axis__order", "axis_id", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class AssessmentQuerySet(models.QuerySet):
    def of(self, initiative: Any) -> Self:
        return self.filter(initiative=initiative).select_related("grid").order_by("filled_on", "id")


class Assessment(models.Model):
    """One filling of the radar for an initiative, on a date: the initiative's history is their series."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="radar_assessments")
    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="assessments")
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rempli par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filled_on = models.DateField(_("rempli le"))
    public = models.BooleanField(
        _("affiché sur la fiche"), default=False, help_text=_("Privé tant que la personne ne le publie pas.")
    )
    # The axes' scores (0 to 100, None for an axis left unanswered), in the grid's axis order: what the
    # chart, the lists and the observatory read, computed once by the service.
    scores = ArrayField(
        models.FloatField(null=True, blank=True), verbose_name=_("scores par axe"), default=list, editable=False
    )
    # The initiative's latest on its grid (by date): the one the averages count, flagged by the service
    # so that they read it without sorting every radar.
    is_latest = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-filled_on", "-id"]
        verbose_name = _("radar rempli")
        verbose_name_plural = _("radars remplis")
        indexes = [
            models.Index(fields=["initiative", "filled_on"], name="radar_assessment_history"),
            models.Index(fields=["grid", "initiative"], name="radar_latest", condition=models.Q(is_latest=True)),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.filled_on:%d/%m/%Y}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    level = models.PositiveSmallIntegerField(_("niveau"), null=True, blank=True, choices=LEVELS)
    comment = models.TextField(_("commentaire"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="radar_one_answer_per_question"),
            models.CheckConstraint(condition=models.Q(level__lte=TOP_LEVEL), name="radar_level_on_the_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.level}"
