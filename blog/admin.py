"""Moderating the blog: posts (review, edit, schedule, publish), dossiers and comments."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cresol.core.admin import ProcessedImagesAdminMixin, ServiceAdminMixin
from cresol.moderation.admin import MODERATION_FIELDS, ModerationAdminMixin
from cresol.moderation.models import Status

from . import services
from .models import Comment, Dossier, DossierEntry, Post


@admin.register(Post)
class PostAdmin(ProcessedImagesAdminMixin, ServiceAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    processed_images = {"cover": "cover_thumbnail"}
    list_display = ["title", "author", "kind", "status", "publish_at", "scheduled"]
    list_filter = ["kind", "themes", "is_demo"]
    list_select_related = ["author"]
    search_fields = ["title", "lead", "author__username", "author__display_name"]
    autocomplete_fields = ["author", "coauthors", "related_initiatives"]
    filter_horizontal = ["themes"]
    date_hierarchy = "publish_at"
    readonly_fields = ["revised_at", "reading_minutes"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "kind", "themes", "tags"]}),
        (_("Auteurs et liens"), {"fields": ["author", "coauthors", "related_initiatives"]}),
        (_("Couverture"), {"fields": ["cover", "cover_alt"]}),
        (
            _("Publication"),
            {
                "fields": ["publish_at", "revised_at", "reading_minutes", "is_demo"],
                "description": _("Une date future programme la publication."),
            },
        ),
        (
            _("Modération"),
            {"fields": MODERATION_FIELDS},
        ),
    ]

    @admin.display(description=_("programmé"), boolean=True)
    def scheduled(self, obj: Any) -> Any:
        return obj.status == Status.PUBLISHED and obj.publish_at > timezone.now()

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.post_admin_save(post=obj, changed=form.changed_data, save_relations=save_relations)


class DossierEntryInline(admin.TabularInline):
    model = DossierEntry
    extra = 1
    autocomplete_fields = ["post"]
    fields = ["position", "post"]


@admin.register(Dossier)
class DossierAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["title", "is_published", "created_at"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    inlines = [DossierEntryInline]

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.dossier_save(dossier=obj, save_relations=save_relations)


@admin.action(description=_("Masquer les commentaires"), permissions=["change"])
def hide(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    services.comments_hide(queryset=queryset)


@admin.action(description=_("Afficher à nouveau"), permissions=["change"])
def unhide(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    services.comments_show(queryset=queryset)


class ReportedFilter(admin.SimpleListFilter):
    title = _("signalés")
    parameter_name = "signale"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("Signalés"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> Any:
        return queryset.filter(report_count__gt=0) if self.value() == "1" else queryset


@admin.register(Comment)
class CommentAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["post", "author", "created_at", "report_count", "hidden"]
    list_filter = [ReportedFilter, "hidden"]
    list_select_related = ["post", "author"]
    search_fields = ["body", "author__username", "post__title"]
    actions = [hide, unhide]
    readonly_fields = ["post", "author", "created_at", "report_count", "last_reported_at"]
    fields = ["post", "author", "created_at", "body", "hidden", "report_count", "last_reported_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.comment_admin_save(comment=obj)
