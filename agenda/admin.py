"""Moderating the Agenda citoyen: events with their dates, the organisers' proposed changes, and the imported
partners' feeds."""

from collections.abc import Callable
from datetime import date, time
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.gis.db import models as gis_models
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cresol.accounts.requests import staff_member
from cresol.core.admin import ProcessedImagesAdminMixin, ServiceAdminMixin
from cresol.core.admin_merge import MergeAdminMixin, MergePage
from cresol.core.wording import count_of
from cresol.moderation.admin import MODERATION_FIELDS, ChangeRequestAdminMixin, ModerationAdminMixin
from cresol.territories.fields import AdminPointPickerWidget, PointPickerField

from . import merging, services
from .forms import EventChangeForm
from .importer import import_source
from .models import Event, EventChangeRequest, EventMerge, ImportSource, Occurrence
from .recurrence import describe


class OccurrenceInline(admin.TabularInline):
    """One date of the series can be cancelled or moved here; the others follow the rule.

    A daily series holds hundreds of dates: the form shows the next SHOWN dates and every date already
    cancelled or moved, so that it opens at once whatever the length of the series.
    """

    SHOWN = 60
    model = Occurrence
    template = "admin/agenda/occurrence_inline.html"
    verbose_name_plural = _("dates (les %(count)s prochaines, et celles annulées ou déplacées)") % {"count": SHOWN}
    extra = 0
    fields = ["original_start", "start", "end", "cancelled", "moved"]
    readonly_fields = ["original_start", "moved"]
    # One native date-and-time field per value rather than the admin's split date + time with their
    # calendar scripts: half the widgets and no script per row, so a year of weekly dates opens at once.
    formfield_overrides = {
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "input_formats": ["%Y-%m-%dT%H:%M"],
        }
    }
    ordering = ["original_start"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("event")  # each row names its event

    def shown_dates(self, request: HttpRequest, event: Any) -> Any:
        coming = Occurrence.objects.filter(event=event, start__gte=timezone.now()).order_by("start")[: self.SHOWN]
        return self.get_queryset(request).filter(
            Q(pk__in=coming.values("pk")) | Q(cancelled=True) | Q(moved=True), event=event
        )


@admin.action(description=_("Annuler l'événement (il reste affiché, marqué annulé)"), permissions=["change"])
def cancel_events(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    for event in queryset:
        services.event_cancel(event=event)
    modeladmin.message_user(request, count_of(queryset.count(), _("événement annulé."), _("événements annulés.")))


MERGE_PAGE = MergePage(
    model=Event,
    fields=merging.CHOSEN_FIELDS,
    merge=merging.events_merge,
    default_kept=merging.default_kept,
    relations=merging.relations,
    candidates=merging.merge_candidates,
    title=lambda event: f"{event.title} ({event.source.name if event.source else _('portail')})",
    explanation=_(
        "L'événement conservé garde son numéro et son adresse ; l'autre est supprimé et son adresse redirige "
        "vers lui. Le début vaut pour toutes les dates (fin, répétition) ; l'adresse emporte sa commune et son "
        "point. Thématiques et mots-clés sont réunis ; ce qui cite l'autre événement est rattaché au conservé. "
        "S'il venait du calendrier d'un partenaire, le prochain import ne le recrée pas. Les valeurs d'avant "
        "la fusion restent dans « Fusions d'événements »."
    ),
)


@admin.register(Event)
class EventAdmin(MergeAdminMixin, ProcessedImagesAdminMixin, ServiceAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    merge_page = MERGE_PAGE
    processed_images = {"image": "thumbnail"}
    list_display = ["title", "start", "commune", "kind", "status", "cancelled", "source"]
    list_filter = ["kind", "attendance", "cancelled", "themes", "commune__departement", "source", "is_demo"]
    list_select_related = ["commune", "source"]
    search_fields = ["title", "organiser_name", "commune__name", "venue_name"]
    autocomplete_fields = ["commune", "place_initiative", "organiser_initiative"]
    filter_horizontal = ["themes"]
    date_hierarchy = "start"
    inlines = [OccurrenceInline]

    def get_formset_kwargs(self, request: HttpRequest, obj: Any, inline: Any, prefix: str) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, OccurrenceInline) and obj is not None and obj.pk:
            kwargs["queryset"] = inline.shown_dates(request, obj)
        return kwargs

    actions = [*ModerationAdminMixin.actions, cancel_events, "merge_selected"]
    readonly_fields = ["rule_in_words", "sequence", "source", "external_uid", "possible_duplicates"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "kind", "themes", "tags", "cancelled"]}),
        (
            _("Quand"),
            {
                "fields": [
                    "start",
                    "end",
                    "all_day",
                    "frequency",
                    "interval",
                    "weekdays",
                    "monthly_mode",
                    "until",
                    "count",
                    "excluded_dates",
                    "rule_in_words",
                ]
            },
        ),
        (
            _("Où"),
            {"fields": ["attendance", "online_url", "place_initiative", "venue_name", "address", "commune", "point"]},
        ),
        (
            _("Organisation"),
            {
                "fields": [
                    "organiser_initiative",
                    "organiser_name",
                    "price",
                    "price_details",
                    "registration_url",
                    "accessibility",
                    "image",
                    "image_alt",
                ]
            },
        ),
        (_("Suivi"), {"fields": ["possible_duplicates", "sequence", "source", "external_uid", "is_demo"]}),
        (
            _("Modération"),
            {"fields": MODERATION_FIELDS},
        ),
    ]

    @admin.display(description=_("répétition en clair"))
    def rule_in_words(self, obj: Any) -> Any:
        return describe(obj) or _("Une seule fois")

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs) -> Any:
        if isinstance(db_field, gis_models.PointField):
            return PointPickerField(label=db_field.verbose_name, widget=AdminPointPickerWidget, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Occurrence:
            return super().save_formset(request, form, formset, change)
        # Each date changed by hand goes through the agenda's service (moved, cancelled or restored);
        # save_related then records one change for the event.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for occurrence_form in formset.forms:
            if occurrence_form.instance.pk and occurrence_form.has_changed():
                data = occurrence_form.cleaned_data
                services.occurrence_edit(
                    occurrence=occurrence_form.instance,
                    start=data["start"],
                    end=data["end"],
                    cancelled=data["cancelled"],
                    touch=False,
                )
                formset.changed_objects.append((occurrence_form.instance, occurrence_form.changed_data))
        return None

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.event_save(event=obj, save_relations=save_relations)


def readable(value: Any) -> str:
    """A form value as a moderator reads it in the comparison."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, date | time):
        return value.strftime("%d/%m/%Y" if isinstance(value, date) else "%H:%M")
    if isinstance(value, list | tuple | QuerySet):
        return ", ".join(readable(item) for item in value)
    return str(value)


@admin.register(EventMerge)
class EventMergeAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The merges made, read-only: which event replaced which, and both records' values before."""

    list_display = ["merged_id", "merged_title", "kept", "merged_source", "merged_at", "merged_by"]
    list_select_related = ["kept", "merged_source", "merged_by"]
    search_fields = ["merged_title", "kept__title", "=merged_id"]
    readonly_fields = [
        "merged_id",
        "merged_slug",
        "merged_title",
        "merged_source",
        "merged_uid",
        "kept",
        "merged_at",
        "merged_by",
        "moved",
        "former_values",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EventChangeRequest)
class EventChangeRequestAdmin(ChangeRequestAdminMixin, admin.ModelAdmin):
    content_field = "event"
    search_fields = ["event__title"]

    def apply_change(self, *, change_request: Any, by: Any) -> None:
        form = EventChangeForm.with_changes(change_request.event, change_request.changes)
        if not form.is_valid():
            problems = [
                f"{form.fields[name].label if name in form.fields else ''} : {' '.join(str(e) for e in errors)}"
                for name, errors in form.errors.items()
            ]
            raise ValidationError(_("Ces modifications ne sont plus valables (%s).") % " ; ".join(problems))
        services.event_change_request_apply(
            change_request=change_request, event=form.event(by=by), by=by, **form.labels()
        )

    def refuse_change(self, *, change_request: Any, by: Any) -> None:
        services.event_change_request_refuse(change_request=change_request, by=by, reason=change_request.refusal_reason)

    def compared(self, obj: Any) -> list[tuple[Any, Any, Any]]:
        current = EventChangeForm(instance=obj.event)
        proposed = EventChangeForm.with_changes(obj.event, obj.changes)
        proposed.is_valid()
        rows = []
        for name, raw in obj.changes.items():
            if name not in current.fields:
                continue
            value = proposed.cleaned_data.get(name, raw) if name not in proposed.errors else raw
            field = current.fields[name]
            rows.append((field.label, readable(current.get_initial_for_field(field, name)), readable(value)))
        return rows


@admin.action(description=_("Importer maintenant"), permissions=["change"])
def import_now(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    for source in queryset:
        report = import_source(source)
        level = messages.ERROR if report.error else messages.SUCCESS
        modeladmin.message_user(request, f"{source} : {report}", level)


@admin.register(ImportSource)
class ImportSourceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "url", "trusted", "active", "last_fetch_at", "last_status", "consecutive_failures"]
    list_filter = ["active", "trusted"]
    search_fields = ["name", "url"]
    filter_horizontal = ["themes"]
    actions = [import_now]
    readonly_fields = [
        "last_fetch_at",
        "last_status",
        "last_error",
        "import_notes",
        "consecutive_failures",
        "etag",
        "last_modified",
    ]

    @admin.display(description=_("remarques du dernier import"))
    def import_notes(self, obj: Any) -> Any:
        """What the last import skipped or simplified, so that staff can ask the partner to fix it."""
        notes = obj.last_notes.splitlines() if obj and obj.last_notes else []
        if not notes:
            return _("Aucune : tout a été repris.")
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((note,) for note in notes)))

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.import_source_save(source=obj, by=staff_member(request), save_relations=save_relations)
