from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cresol.core.admin import ServiceAdminMixin

from . import services
from .models import Theme


@admin.register(Theme)
class ThemeAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]
    fields = ["name", "slug", "colour", "order", "description", "intro"]

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.theme_save(theme=obj, save_relations=save_relations)
