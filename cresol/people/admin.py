"""Moderating the directory: a profile's first publication, like every other content."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cresol.core.admin import ServiceAdminMixin
from cresol.moderation.admin import MODERATION_FIELDS, ModerationAdminMixin

from . import services
from .models import ResourcePerson


@admin.register(ResourcePerson)
class ResourcePersonAdmin(ServiceAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["display_name", "structure", "base_commune", "status", "published_at"]
    list_filter = ["themes", "departements"]
    search_fields = ["display_name", "structure", "bio"]
    autocomplete_fields = ["user", "base_commune", "communes"]
    filter_horizontal = ["themes", "departements", "epcis"]
    fieldsets = [
        (None, {"fields": ["user", "display_name", "slug", "structure", "bio", "skills", "themes"]}),
        (_("Territoire"), {"fields": ["base_commune", "departements", "epcis", "communes"]}),
        (_("Modération"), {"fields": [*MODERATION_FIELDS]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("base_commune")

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.person_admin_save(person=obj, save_relations=save_relations)
