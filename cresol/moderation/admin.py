"""Moderation in the admin: a mixin for every moderated model, and the read-only audit log."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import ActionLocation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cresol.accounts.requests import staff_member
from cresol.core.admin import AdminBase, ServiceAdminMixin
from cresol.core.wording import count_of

from . import services
from .models import Action, ModerationEvent
from .services import moderation_decide_selected

MODERATION_FIELDS = (
    "status",
    "submitted_by",
    "submitted_at",
    "decided_by",
    "decided_at",
    "refusal_reason",
    "published_at",
    "moderation_history",
)


BOTH_LOCATIONS = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Il est envoyé par e-mail à la personne qui a proposé le contenu."),
    )


def _decide(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet, action: str, done_words: tuple[str, str], **kwargs
) -> None:
    try:
        done, refused = moderation_decide_selected(queryset=queryset, action=action, by=staff_member(request), **kwargs)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return
    for message in refused:
        modeladmin.message_user(request, message, messages.ERROR)
    if done:
        modeladmin.message_user(request, count_of(done, *done_words) + ".", messages.SUCCESS)


@admin.action(
    description=gettext_lazy("Publier"),
    description_plural=gettext_lazy("Publier la sélection"),
    permissions=["change"],
    location=BOTH_LOCATIONS,
)
def approve_selected(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    _decide(modeladmin, request, queryset, Action.APPROVE, (_("contenu publié"), _("contenus publiés")))


@admin.action(
    description=gettext_lazy("Archiver (retirer de la publication)"),
    description_plural=gettext_lazy("Archiver la sélection"),
    permissions=["change"],
    location=BOTH_LOCATIONS,
)
def archive_selected(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    _decide(modeladmin, request, queryset, Action.ARCHIVE, (_("contenu archivé"), _("contenus archivés")))


@admin.action(
    description=gettext_lazy("Refuser (avec un motif)…"),
    description_plural=gettext_lazy("Refuser la sélection (avec un motif)…"),
    permissions=["change"],
    location=BOTH_LOCATIONS,
)
def reject_selected(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> Any:
    """Asks for the reason on an intermediate page, then refuses every selected content with it."""
    form = RejectForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        _decide(
            modeladmin,
            request,
            queryset,
            Action.REJECT,
            (_("contenu refusé"), _("contenus refusés")),
            reason=form.cleaned_data["reason"],
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Refuser des contenus"),
        "form": form,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        # "action" on the list, "CHANGE_FORM-action" on a content's page: post back the same field.
        "action_field": next((key for key in request.POST if key.split("-")[-1] == "action"), "action"),
    }
    return TemplateResponse(request, "admin/moderation/reject.html", context)


class ModerationAdminMixin(AdminBase):
    """For the ModelAdmin of a moderated model: status filter, decisions as actions, history shown.

    The status and the decision fields are read-only: they change only through the actions, so that
    each change is an allowed transition, logged and notified. The actions are offered both on the
    list (for a selection) and on each content's page.
    """

    # A subclass that adds actions keeps these: `actions = [*ModerationAdminMixin.actions, ...]`.
    actions: Any = [approve_selected, reject_selected, archive_selected]

    def get_list_filter(self, request: HttpRequest) -> Any:
        return ["status", *super().get_list_filter(request)]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*super().get_readonly_fields(request, obj), *MODERATION_FIELDS]

    @admin.display(description=gettext_lazy("historique de modération"))
    def moderation_history(self, obj: Any) -> Any:
        if obj is None or obj.pk is None:
            return "—"
        events = ModerationEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("actor")
        if not events:
            return _("Aucune décision pour l'instant.")
        rows = format_html_join(
            "",
            "<li>{} — {} ({} → {}){}{}</li>",
            (
                (
                    timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M"),  # Paris time, as people read it
                    event.get_action_display(),
                    event.get_from_status_display(),
                    event.get_to_status_display(),
                    format_html(" par {}", event.actor) if event.actor else "",
                    format_html(" : « {} »", event.reason) if event.reason else "",
                )
                for event in events
            ),
        )
        return format_html("<ul>{}</ul>", rows)


@admin.action(description=gettext_lazy("Appliquer les modifications"), permissions=["change"])
def apply_changes(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    for change_request in queryset:
        try:
            modeladmin.apply_change(change_request=change_request, by=staff_member(request))
        except ValidationError as error:
            modeladmin.message_user(request, f"{change_request} : {' '.join(error.messages)}", messages.ERROR)
        else:
            modeladmin.message_user(request, _("Modifications appliquées : %s") % change_request)


@admin.action(description=gettext_lazy("Refuser les modifications"), permissions=["change"])
def refuse_changes(modeladmin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    for change_request in queryset:
        try:
            modeladmin.refuse_change(change_request=change_request, by=staff_member(request))
        except ValidationError as error:
            modeladmin.message_user(request, f"{change_request} : {' '.join(error.messages)}", messages.ERROR)


class ChangeRequestAdminMixin(ServiceAdminMixin):
    """For the ModelAdmin of a section's change requests: apply or refuse them (through the section's
    services: `apply_change` and `refuse_change`), each shown field by field (`compared(obj)` gives
    (label, current value, proposed value) rows). The page saves only the refusal's reason, which
    refusing sends."""

    actions: Any = [apply_changes, refuse_changes]
    list_filter = ["state"]
    content_field = ""  # the foreign key to the content, e.g. "initiative"

    def compared(self, obj: Any) -> list[tuple[Any, Any, Any]]:
        """(field's label, current value, proposed value) for each field the request changes."""
        raise NotImplementedError

    def apply_change(self, *, change_request: Any, by: Any) -> None:
        """Apply the request through the section's service (raises ValidationError when it cannot)."""
        raise NotImplementedError

    def refuse_change(self, *, change_request: Any, by: Any) -> None:
        """Refuse it through the section's service, with the reason in `change_request.refusal_reason`."""
        raise NotImplementedError

    def get_list_display(self, request: HttpRequest) -> Any:
        return [self.content_field, "submitted_by", "created_at", "state", "changed_fields"]

    def get_list_select_related(self, request: HttpRequest) -> Any:
        return [self.content_field, "submitted_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            self.content_field,
            "submitted_by",
            "created_at",
            "comparison",
            "comment",
            "state",
            "decided_by",
            "decided_at",
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*self.get_readonly_fields(request, obj), "refusal_reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.change_request_note_reason(change_request=obj)

    @admin.display(description=gettext_lazy("champs modifiés"))
    def changed_fields(self, obj: Any) -> Any:
        return ", ".join(str(label) for label, _current, _proposed in self.compared(obj))

    @admin.display(description=gettext_lazy("comparaison champ par champ"))
    def comparison(self, obj: Any) -> Any:
        rows = format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>", self.compared(obj))
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("champ"),
            _("actuellement"),
            _("proposé"),
            rows,
        )


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "object_repr", "content_type", "from_status", "to_status", "actor"]
    list_filter = ["action", "to_status", "content_type"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_repr", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
