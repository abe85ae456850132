"""The watch in the admin: sources and their fetch state, fetched items, shares (moderated)."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cresol.core.admin import ServiceAdminMixin
from cresol.core.wording import count_of
from cresol.moderation.admin import MODERATION_FIELDS, ModerationAdminMixin

from . import services
from .apps import VEILLEURS_GROUP
from .models import Item, Share, Source, WatchMember


@admin.action(description=_("Récupérer maintenant"), permissions=["change"])
def fetch_now(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    for report in services.sources_fetch(queryset):
        level = messages.ERROR if report.error else messages.SUCCESS
        modeladmin.message_user(request, f"{report.source} : {report.error or report.source.last_status}", level)


@admin.register(Source)
class SourceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "active", "last_fetch_at", "last_status", "consecutive_failures"]
    list_filter = ["active", "themes"]
    search_fields = ["name", "feed_url", "site_url"]
    filter_horizontal = ["themes"]
    actions = [fetch_now]
    readonly_fields = [
        "last_fetch_at",
        "last_status",
        "last_error",
        "consecutive_failures",
        "next_fetch_at",
        "etag",
        "last_modified",
    ]

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.source_save(source=obj, save_relations=save_relations)


@admin.register(Item)
class ItemAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["title", "source", "published_at", "dismissed"]
    list_filter = ["dismissed", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "link"]
    date_hierarchy = "published_at"
    readonly_fields = ["source", "entry_id", "link", "canonical_link", "published_at", "fetched_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.item_admin_save(item=obj)


@admin.register(Share)
class ShareAdmin(ServiceAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "submitted_by", "status", "published_at", "deadline"]
    list_filter = ["themes"]
    list_select_related = ["submitted_by"]
    search_fields = ["title", "url", "comment"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["item"]
    fields = [
        "title",
        "url",
        "description",
        "comment",
        "themes",
        "tags",
        "deadline",
        "item",
        "is_demo",
        *MODERATION_FIELDS,
    ]

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.share_admin_save(share=obj, save_relations=save_relations)


class IsVeilleurFilter(admin.SimpleListFilter):
    title = _("veilleur ou veilleuse")
    parameter_name = "veilleur"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("oui", _("Oui")), ("non", _("Non"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> Any:
        if self.value() == "oui":
            return queryset.filter(groups__name=VEILLEURS_GROUP)
        if self.value() == "non":
            return queryset.exclude(groups__name=VEILLEURS_GROUP)
        return queryset


@admin.action(description=_("Ajouter aux Veilleurs (partages publiés sans relecture)"), permissions=["change"])
def add_to_veilleurs(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    services.veilleurs_add(users=list(queryset))
    modeladmin.message_user(
        request, count_of(queryset.count(), _("membre ajouté aux Veilleurs."), _("membres ajoutés aux Veilleurs."))
    )


@admin.action(description=_("Retirer des Veilleurs"), permissions=["change"])
def remove_from_veilleurs(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    services.veilleurs_remove(users=list(queryset))
    modeladmin.message_user(
        request, count_of(queryset.count(), _("membre retiré des Veilleurs."), _("membres retirés des Veilleurs."))
    )


@admin.register(WatchMember)
class WatchMemberAdmin(admin.ModelAdmin):
    """Who are the Veilleurs: search a member, tick them, add or remove them. Nothing else of the
    account is shown or changed here."""

    list_display = ["__str__", "organisation", "email", "is_veilleur"]
    list_filter = [IsVeilleurFilter]
    search_fields = ["display_name", "first_name", "last_name", "email", "organisation"]
    actions = [add_to_veilleurs, remove_from_veilleurs]
    fields = ["display_name", "organisation", "email"]
    readonly_fields = fields  # type: ignore[assignment]  # the same names, all shown read only

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        veilleurs = Group.objects.filter(name=VEILLEURS_GROUP, user=OuterRef("pk"))
        return super().get_queryset(request).filter(is_active=True).annotate(veilleur=Exists(veilleurs))

    @admin.display(description=_("veilleur ou veilleuse"), boolean=True, ordering="veilleur")
    def is_veilleur(self, obj: Any) -> Any:
        return obj.veilleur

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The list's actions, yes; a member's page, read only (nothing of the account changes here)."""
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
