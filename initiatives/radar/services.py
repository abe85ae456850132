"""Every write of the radar: filling it, publishing a result, preparing and putting in use a grid version."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cresol.accounts.models import User
from cresol.core.versions import bump_content_version
from cresol.moderation.models import Status

if TYPE_CHECKING:
    from initiatives.models import Initiative

from .models import Answer, Assessment, Axis, Grid
from .scores import axis_scores


def may_assess(user: Any, initiative: "Initiative") -> bool:
    """Who fills and reads an initiative's radar: the member who listed it, and the moderators."""
    if not user.is_authenticated:
        return False
    if initiative.submitted_by_id == user.pk:
        return True
    return bool(user.has_perm("initiatives.change_initiative"))


def assessment_fill(
    *, initiative: "Initiative", grid: Grid, answers: dict[int, Any], by: User, filled_on: date | None = None
) -> Assessment:
    """Record one filling of the radar. `answers` maps each question's id to (level or None, comment)."""
    if not may_assess(by, initiative):
        raise PermissionDenied
    if initiative.status != Status.PUBLISHED:
        raise ValidationError(_("Le radar se remplit pour une initiative publiée sur la carte."))
    if grid.in_use_since is None:
        raise ValidationError(_("Cette version de la grille n'est pas encore en service."))
    questions = {question.pk: question for axis in grid.axes.all() for question in axis.questions.all()}
    if set(answers) - set(questions):
        raise ValidationError(_("Une réponse porte sur une question d'une autre grille."))
    with transaction.atomic():
        assessment = Assessment(
            initiative=initiative, grid=grid, filled_by=by, filled_on=filled_on or timezone.localdate()
        )
        rows = [
            Answer(question_id=pk, level=level, comment=comment.strip()) for pk, (level, comment) in answers.items()
        ]
        assessment.scores = axis_scores(grid, rows)
        assessment.full_clean()
        assessment.save()
        for row in rows:
            row.assessment = assessment
            row.full_clean()
        Answer.objects.bulk_create(rows)
        mark_latest(initiative_id=initiative.pk, grid_id=grid.pk)
    return assessment


# The latest radar (by date, then by order of filling) of an initiative on a grid, and only it.
_MARK_LATEST = """
    UPDATE radar_assessment SET is_latest = (id = (
        SELECT id FROM radar_assessment WHERE initiative_id = %(initiative)s AND grid_id = %(grid)s
        ORDER BY filled_on DESC, id DESC LIMIT 1))
    WHERE initiative_id = %(initiative)s AND grid_id = %(grid)s
"""


def mark_latest(*, initiative_id: int, grid_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_MARK_LATEST, {"initiative": initiative_id, "grid": grid_id})


def assessment_set_public(*, assessment: Assessment, public: bool, by: User | None) -> Assessment:
    """The contributor shows a result on the initiative's page, or takes it back (private again)."""
    if not may_assess(by, assessment.initiative):
        raise PermissionDenied
    with transaction.atomic():
        assessment.public = public
        assessment.save(update_fields=["public"])
    return assessment


def assessment_delete(*, assessment: Assessment, by: User | None) -> None:
    if not may_assess(by, assessment.initiative):
        raise PermissionDenied
    assessments_delete(queryset=Assessment.objects.filter(pk=assessment.pk))


@transaction.atomic
def assessments_delete(*, queryset: QuerySet[Any]) -> int:
    """Delete radars (a contributor's, or staff's selection in the admin) and flag again the latest of
    each initiative and grid they leave: the observatory's averages read only the latest."""
    pairs = set(queryset.values_list("initiative_id", "grid_id"))
    count, _ = queryset.delete()
    for initiative_id, grid_id in pairs:
        mark_latest(initiative_id=initiative_id, grid_id=grid_id)
    return count


def grid_new_version(*, grid: Grid) -> Grid:
    """A copy of the grid, its axes and questions, not yet in use, for staff to change and put in use."""
    with transaction.atomic():
        latest = Grid.objects.select_for_update().order_by("-version").first()
        copy = Grid.objects.create(
            version=(latest.version if latest else 0) + 1, title=grid.title, introduction=grid.introduction
        )
        for axis in grid.axes.prefetch_related("questions"):
            new_axis = copy.axes.create(
                name=axis.name, short_name=axis.short_name, description=axis.description, order=axis.order
            )
            new_axis.questions.bulk_create(
                [
                    type(question)(
                        axis=new_axis, text=question.text, help_text=question.help_text, order=question.order
                    )
                    for question in axis.questions.all()
                ]
            )
    return copy


def grid_put_in_use(*, grid: Grid) -> Grid:
    """From now on, new radars are filled on this version; earlier ones keep theirs."""
    if not grid.axes.filter(questions__isnull=False).exists():
        raise ValidationError(_("Une grille sans axe ni question ne peut pas être mise en service."))
    if grid.in_use_since is None:
        grid.in_use_since = timezone.now()
        grid.save(update_fields=["in_use_since"])
        bump_content_version(Grid)  # the radar's page shows the grid in use
    return grid


@transaction.atomic
def grid_save(*, grid: Grid, save_relations: Callable[[], None] | None = None) -> Grid:
    """Staff write a version of the grid not answered yet: its text, axes and questions."""
    if grid.pk and grid.is_frozen:
        raise ValidationError(_("Cette version a déjà servi : préparez-en une nouvelle pour la changer."))
    grid.save()
    if save_relations is not None:
        save_relations()
    return grid


@transaction.atomic
def axis_save(*, axis: Axis, save_relations: Callable[[], None] | None = None) -> Axis:
    """Staff write an axis of a version not answered yet, and its questions."""
    if axis.grid.is_frozen:
        raise ValidationError(_("Cette version a déjà servi : préparez-en une nouvelle pour la changer."))
    axis.save()
    if save_relations is not None:
        save_relations()
    return axis
