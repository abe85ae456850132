"""Moderating the cooperations: their first publication, like every other content."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cresol.core.admin import ServiceAdminMixin
from cresol.moderation.admin import MODERATION_FIELDS, ModerationAdminMixin

from . import services
from .models import Cooperation


@admin.register(Cooperation)
class CooperationAdmin(ServiceAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "direction", "kind", "commune", "ends_on", "fulfilled_at", "status", "published_at"]
    list_filter = ["direction", "kind", "themes"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["commune", "initiative"]
    filter_horizontal = ["themes"]
    readonly_fields = ["pays"]
    fieldsets = [
        (None, {"fields": ["direction", "kind", "title", "slug", "description", "initiative", "themes"]}),
        (_("Territoire"), {"fields": ["commune", "scope", "radius_km", "pays"]}),
        (_("Durée"), {"fields": ["ends_on", "fulfilled_at"]}),
        (_("Modération"), {"fields": [*MODERATION_FIELDS]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("commune")

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.cooperation_admin_save(cooperation=obj, save_relations=save_relations)
