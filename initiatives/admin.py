"""Moderating Archipel O Centre: initiatives, members' change requests and reports."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.gis.db import models as gis_models
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cresol.core.admin import ProcessedImagesAdminMixin, ServiceAdminMixin
from cresol.core.admin_merge import MergeAdminMixin, MergePage
from cresol.core.wording import count_of
from cresol.moderation.admin import MODERATION_FIELDS, ChangeRequestAdminMixin, ModerationAdminMixin
from cresol.moderation.models import Status
from cresol.territories.fields import AdminPointPickerWidget, PointPickerField

from . import admin_import, merging, services
from .models import (
    FLAGGED_UNCONFIRMED_AFTER,
    REPORTS_FOR_ATTENTION,
    STALE_PENDING_AFTER,
    ChangeRequest,
    Initiative,
    InitiativeImport,
    InitiativeMerge,
    InitiativeSlug,
    Report,
)

MERGE_PAGE = MergePage(
    model=Initiative,
    fields=merging.CHOSEN_FIELDS,
    merge=merging.initiatives_merge,
    default_kept=merging.default_kept,
    relations=merging.relations,
    candidates=merging.merge_candidates,
    title=lambda initiative: f"{initiative.name} ({initiative.commune})",
    explanation=_(
        "La fiche conservée garde son numéro et son adresse ; l'autre est supprimée et son adresse (/i/… et "
        "son nom d'URL) redirige vers la fiche conservée. Tout ce qui la cite — événements, articles, radars, "
        "ressources, coopérations, signalements, propositions de modification — est rattaché à la fiche "
        "conservée ; thématiques et mots-clés sont réunis. L'adresse emporte sa commune et son point, l'image "
        "son texte alternatif. Les valeurs d'avant la fusion restent dans "
        "l'historique (« Fusions de doublons »)."
    ),
)


class FlagFilter(admin.SimpleListFilter):
    """What needs a moderator's attention."""

    title = _("à surveiller")
    parameter_name = "flag"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("stale", _("En attente depuis plus de 7 jours")),
            ("reports", _("Signalements ouverts")),
            ("attention", _("3 signalements ouverts ou plus")),
            ("duplicate", _("Doublon possible")),
            ("unconfirmed", _("Non confirmée depuis 15 mois")),
            ("changes", _("Modification proposée")),
        ]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        now = timezone.now()
        match self.value():
            case "stale":
                return queryset.filter(status=Status.PENDING, submitted_at__lt=now - STALE_PENDING_AFTER)
            case "reports":
                return queryset.filter(reports__resolved=False).distinct()
            case "attention":
                return queryset.annotate(open_reports=Count("reports", filter=Q(reports__resolved=False))).filter(
                    open_reports__gte=REPORTS_FOR_ATTENTION
                )
            case "duplicate":
                return queryset.filter(duplicate_acknowledged=True)
            case "unconfirmed":
                return queryset.unconfirmed_for(FLAGGED_UNCONFIRMED_AFTER, now)
            case "changes":
                return queryset.filter(change_requests__state=ChangeRequest.State.PENDING).distinct()
        return queryset


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["created_at", "reason", "comment", "email", "resolved"]
    readonly_fields = ["created_at", "reason", "comment", "email"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OldSlugInline(admin.TabularInline):
    model = InitiativeSlug
    extra = 0
    verbose_name = _("ancienne adresse (redirigée)")
    verbose_name_plural = _("anciennes adresses (redirigées)")
    readonly_fields = ["slug"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Initiative)
class InitiativeAdmin(
    MergeAdminMixin, ProcessedImagesAdminMixin, ServiceAdminMixin, ModerationAdminMixin, admin.ModelAdmin
):
    merge_page = MERGE_PAGE
    processed_images = {"image": "thumbnail"}
    list_display = ["name", "commune", "kind", "status", "submitted_at", "open_reports", "network_member"]
    list_filter = [FlagFilter, "themes", "commune__departement", "kind", "network_member", "is_demo"]
    list_select_related = ["commune"]
    search_fields = ["name", "commune__name", "siret", "slug"]
    autocomplete_fields = ["commune"]
    filter_horizontal = ["themes"]
    inlines = [ReportInline, OldSlugInline]
    readonly_fields = ["duplicate_acknowledged", "last_confirmed_at", "pending_changes", "possible_duplicates"]
    actions = [*ModerationAdminMixin.actions, "merge_selected"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "kind", "themes", "tags", "network_member"]}),
        (_("Lieu"), {"fields": ["address", "commune", "point"]}),
        (_("Contact"), {"fields": ["website", "email", "phone", "social_links", "siret", "founded_year"]}),
        (_("Horaires"), {"fields": ["opening_hours", "opening_hours_note"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (
            _("Suivi"),
            {
                "fields": [
                    "possible_duplicates",
                    "duplicate_acknowledged",
                    "last_confirmed_at",
                    "pending_changes",
                    "is_demo",
                ]
            },
        ),
        (
            _("Modération"),
            {"fields": MODERATION_FIELDS},
        ),
    ]

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "importer/",
                wrap(lambda request: admin_import.import_start(self, request)),
                name="initiatives_initiative_import",
            ),
            path(
                "importer/<int:pk>/",
                wrap(lambda request, pk: admin_import.import_report(self, request, pk)),
                name="initiatives_initiative_import_report",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        can_import = request.user.has_perm(admin_import.IMPORT_PERMISSION)
        return super().changelist_view(request, {**(extra_context or {}), "can_import": can_import})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .annotate(open_report_count=Count("reports", filter=Q(reports__resolved=False)))
        )

    @admin.display(description=_("signalements"), ordering="open_report_count")
    def open_reports(self, obj: Any) -> Any:
        return obj.open_report_count or "—"

    @admin.display(description=_("modifications proposées"))
    def pending_changes(self, obj: Any) -> Any:
        pending = obj.change_requests.filter(state=ChangeRequest.State.PENDING) if obj.pk else []
        if not pending:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:initiatives_changerequest_change", args=[c.pk]), c) for c in pending),
        )

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs) -> Any:
        if isinstance(db_field, gis_models.PointField):
            # django-leaflet's map widget, without inline script and without GDAL (see the field).
            return PointPickerField(label=db_field.verbose_name, widget=AdminPointPickerWidget)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        problems = services.initiative_admin_save(
            initiative=obj, changed=form.changed_data, save_relations=save_relations
        )
        for problem in problems:
            messages.error(request, problem)


def field_label(name: str) -> str:
    """ "opening_hours" -> "Horaires d'ouverture": what the field is called on the form."""
    try:
        return str(capfirst(Initiative._meta.get_field(name).verbose_name))  # type: ignore[union-attr]  # a field
    except FieldDoesNotExist:
        return name


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ChangeRequestAdminMixin, admin.ModelAdmin):
    content_field = "initiative"
    search_fields = ["initiative__name"]

    def apply_change(self, *, change_request: Any, by: Any) -> None:
        services.change_request_apply(change_request=change_request, by=by)

    def refuse_change(self, *, change_request: Any, by: Any) -> None:
        services.change_request_refuse(change_request=change_request, by=by, reason=change_request.refusal_reason)

    def compared(self, obj: Any) -> list[tuple[Any, Any, Any]]:
        current = services.current_values(obj.initiative)
        return [(field_label(field), current.get(field, ""), value) for field, value in obj.changes.items()]


@admin.action(description=_("Marquer comme traités"), permissions=["change"])
def resolve_reports(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    count = services.reports_resolve(reports=queryset)
    modeladmin.message_user(request, count_of(count, _("signalement traité."), _("signalements traités.")))


@admin.register(Report)
class ReportAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["initiative", "reason", "created_at", "resolved"]
    list_filter = ["resolved", "reason"]
    list_select_related = ["initiative"]
    search_fields = ["initiative__name", "comment"]
    actions = [resolve_reports]
    readonly_fields = ["initiative", "reason", "comment", "email", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.report_admin_save(report=obj)


@admin.register(InitiativeMerge)
class InitiativeMergeAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The merges made, read-only: which id replaced which, and both records' values before."""

    list_display = ["merged_id", "merged_name", "kept", "merged_at", "merged_by"]
    list_select_related = ["kept", "merged_by"]
    search_fields = ["merged_name", "kept__name", "=merged_id"]
    readonly_fields = ["merged_id", "merged_slug", "merged_name", "kept", "merged_at", "merged_by", "moved", "former"]
    exclude = ["former_values"]

    @admin.display(description=_("valeurs avant la fusion"))
    def former(self, obj: Any) -> Any:
        rows = []
        kept, other = obj.former_values.get("kept", {}), obj.former_values.get("other", {})
        for field in sorted(set(kept) | set(other)):
            rows.append((field, kept.get(field, ""), other.get(field, "")))
        body = format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("champ"),
            _("fiche conservée"),
            _("fiche fusionnée"),
            body,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InitiativeImport)
class InitiativeImportAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The imports made, each with its report: made from "Importer un CSV" on the initiatives' list."""

    list_display = ["file_name", "created_by", "created_at", "imported_at", "imported_count", "report_link"]
    readonly_fields = [
        "file_name",
        "publish",
        "include_duplicates",
        "created_by",
        "created_at",
        "imported_at",
        "imported_count",
        "report_link",
    ]
    exclude = ["content", "report"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return InitiativeImport.objects.listed().select_related("created_by")

    @admin.display(description=_("rapport"))
    def report_link(self, obj: Any) -> Any:
        url = reverse("admin:initiatives_initiative_import_report", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Voir le rapport"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
