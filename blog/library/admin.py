"""Moderating the library: resources arrive for review like every other content."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cresol.core.admin import ServiceAdminMixin
from cresol.moderation.admin import MODERATION_FIELDS, ModerationAdminMixin

from . import services
from .models import Resource


@admin.register(Resource)
class ResourceAdmin(ServiceAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "licence", "author_name", "status", "published_at"]
    list_filter = ["kind", "licence", "themes"]
    search_fields = ["title", "summary", "author_name"]
    autocomplete_fields = ["related_initiatives", "events"]
    filter_horizontal = ["themes", "related_dossiers"]
    readonly_fields = ["file_size"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "summary", "description", "kind", "themes", "licence", "author_name", "year"]},
        ),
        (_("Fichier ou lien"), {"fields": ["file", "file_size", "link"]}),
        (_("Liens"), {"fields": ["related_initiatives", "related_dossiers", "events"]}),
        (
            _("Modération"),
            {"fields": MODERATION_FIELDS},
        ),
    ]

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.resource_admin_save(resource=obj, save_relations=save_relations)

    def delete_with_service(self, request: HttpRequest, queryset: QuerySet) -> None:
        services.resources_delete(queryset=queryset)
