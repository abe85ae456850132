"""The watch in the admin: sources and their fetch state, fetched items, shares (moderated)."""

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cresol.core.wording import count_of
from cresol.moderation.admin import ModerationAdminMixin

from .apps import VEILLEURS_GROUP
from .fetching import fetch_sources
from .models import DigestSubscription, Item, Share, Source, WatchMember
from .services import canonical_address, veilleurs_add, veilleurs_remove


@admin.action(description=_("Récupérer maintenant"), permissions=["change"])
def fetch_now(modeladmin, request, queryset):
    for report in fetch_sources(queryset):
        level = messages.ERROR if report.error else messages.SUCCESS
        modeladmin.message_user(request, f"{report.source} : {report.error or report.source.last_status}", level)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "last_fetch_at", "last_status", "consecutive_failures"]
    list_filter = ["active", "themes"]
    search_fields = ["name", "feed_url", "site_url"]
    filter_horizontal = ["themes"]
    actions = [fetch_now]
    readonly_fields = ["last_fetch_at", "last_status", "last_error", "consecutive_failures", "next_fetch_at", "etag",
                       "last_modified"]  # fmt: skip


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_at", "dismissed"]
    list_filter = ["dismissed", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "link"]
    date_hierarchy = "published_at"
    readonly_fields = ["source", "entry_id", "link", "canonical_link", "published_at", "fetched_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Share)
class ShareAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "submitted_by", "status", "published_at", "deadline"]
    list_filter = ["themes"]
    list_select_related = ["submitted_by"]
    search_fields = ["title", "url", "comment"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["item"]
    fields = ["title", "url", "description", "comment", "themes", "tags", "deadline", "item", "is_demo",
              "status", "submitted_by", "submitted_at", "decided_by", "decided_at", "refusal_reason", "published_at",
              "moderation_history"]  # fmt: skip

    def save_model(self, request, obj, form, change):
        obj.canonical_url = canonical_address(obj.url)  # as the share services compare addresses
        super().save_model(request, obj, form, change)


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "confirmed", "active", "created_at"]
    list_filter = ["confirmed", "active"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


class IsVeilleurFilter(admin.SimpleListFilter):
    title = _("veilleur ou veilleuse")
    parameter_name = "veilleur"

    def lookups(self, request, model_admin):
        return [("oui", _("Oui")), ("non", _("Non"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(groups__name=VEILLEURS_GROUP)
        if self.value() == "non":
            return queryset.exclude(groups__name=VEILLEURS_GROUP)
        return queryset


@admin.action(description=_("Ajouter aux Veilleurs (partages publiés sans relecture)"), permissions=["change"])
def add_to_veilleurs(modeladmin, request, queryset):
    veilleurs_add(users=list(queryset))
    modeladmin.message_user(request, count_of(queryset.count(), _("membre ajouté aux Veilleurs."),
                                              _("membres ajoutés aux Veilleurs.")))  # fmt: skip


@admin.action(description=_("Retirer des Veilleurs"), permissions=["change"])
def remove_from_veilleurs(modeladmin, request, queryset):
    veilleurs_remove(users=list(queryset))
    modeladmin.message_user(request, count_of(queryset.count(), _("membre retiré des Veilleurs."),
                                              _("membres retirés des Veilleurs.")))  # fmt: skip


@admin.register(WatchMember)
class WatchMemberAdmin(admin.ModelAdmin):
    """Who are the Veilleurs: search a member, tick them, add or remove them. Nothing else of the
    account is shown or changed here."""

    list_display = ["__str__", "organisation", "email", "is_veilleur"]
    list_filter = [IsVeilleurFilter]
    search_fields = ["display_name", "first_name", "last_name", "email", "organisation"]
    actions = [add_to_veilleurs, remove_from_veilleurs]
    fields = ["display_name", "organisation", "email"]
    readonly_fields = fields

    def get_queryset(self, request):
        veilleurs = Group.objects.filter(name=VEILLEURS_GROUP, user=OuterRef("pk"))
        return super().get_queryset(request).filter(is_active=True).annotate(veilleur=Exists(veilleurs))

    @admin.display(description=_("veilleur ou veilleuse"), boolean=True, ordering="veilleur")
    def is_veilleur(self, obj):
        return obj.veilleur

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
