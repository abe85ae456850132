"""Staff write the radar's grid: axes, then each axis's questions. A version answered once is frozen:
"Préparer une nouvelle version" copies it, to change and put in use."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cresol.core.admin import AdminBase, ServiceAdminMixin

from . import services
from .models import Assessment, Axis, Grid, Question


class FrozenGridMixin(AdminBase):
    """No change to the questions of a version already answered: earlier answers must still read with
    the questions they answered."""

    def grid_of(self, obj: Any) -> Any:
        raise NotImplementedError

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and self.grid_of(obj).is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and self.grid_of(obj).is_frozen:
            return False
        return super().has_delete_permission(request, obj)


class AxisInline(admin.TabularInline):
    model = Axis
    fields = ["order", "name", "short_name", "description"]
    extra = 0
    show_change_link = True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.is_frozen

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Grid)
class GridAdmin(FrozenGridMixin, ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "in_use_since", "answered"]
    readonly_fields = ["in_use_since"]
    inlines = [AxisInline]
    actions = ["new_version", "put_in_use"]

    def grid_of(self, obj: Any) -> Any:
        return obj

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.grid_save(grid=obj, save_relations=save_relations)

    @admin.display(description=_("radars remplis"))
    def answered(self, grid: Any) -> Any:
        return grid.assessments.count()

    @admin.action(description=_("Préparer une nouvelle version (copie à modifier)"))
    def new_version(self, request: HttpRequest, queryset: QuerySet) -> None:
        for grid in queryset:
            copy = services.grid_new_version(grid=grid)
            self.message_user(
                request, _("Version %s préparée : modifiez-la, puis mettez-la en service.") % copy.version
            )

    @admin.action(description=_("Mettre en service pour les nouveaux radars"))
    def put_in_use(self, request: HttpRequest, queryset: QuerySet) -> None:
        for grid in queryset:
            try:
                services.grid_put_in_use(grid=grid)
            except ValidationError as error:
                self.message_user(request, f"{grid} : {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%s est en service.") % grid)


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "text", "help_text"]
    extra = 1

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.grid.is_frozen

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Axis)
class AxisAdmin(FrozenGridMixin, ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "grid", "order"]
    list_filter = ["grid"]
    inlines = [QuestionInline]

    def grid_of(self, obj: Any) -> Any:
        return obj.grid

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.axis_save(axis=obj, save_relations=save_relations)


@admin.register(Assessment)
class AssessmentAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Read only: a radar is its contributor's; staff see that it exists and whether it is shown."""

    list_display = ["initiative", "filled_on", "grid", "public"]
    list_filter = ["public", "grid"]
    fields = ["initiative", "grid", "filled_by", "filled_on", "public", "scores"]
    readonly_fields = fields  # type: ignore[assignment]  # the same names, all shown read only
    list_select_related = ["initiative", "grid"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_with_service(self, request: HttpRequest, queryset: QuerySet) -> None:
        services.assessments_delete(queryset=queryset)
