"""Moderators see every registration and its registrants (the organiser's list), change its seats or
close it; the registrants are read only: a person cancels through their own link or space."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cresol.core.admin import ServiceAdminMixin

from . import services
from .models import Registrant, Registration


class RegistrantInline(admin.TabularInline):
    model = Registrant
    fields = ["name", "email", "status", "queued_at", "promoted_at", "answers"]
    readonly_fields = ["name", "email", "status", "queued_at", "promoted_at", "answers"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "capacity", "taken", "waiting", "closed", "created_at", "purged_at"]
    list_filter = ["closed", "waiting_list"]
    search_fields = ["event__title"]
    fields = ["event", "occurrence", "capacity", "opens_at", "closes_at", "waiting_list", "closed", "taken", "waiting"]
    readonly_fields = ["event", "occurrence", "taken", "waiting"]
    inlines = [RegistrantInline]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("event", "occurrence")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # opened by the event's organiser, from its page

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.registration_save(event=obj.event, data=form.cleaned_data, registration=obj)
        if save_relations is not None:
            save_relations()  # the registrants' inline, read only: nothing to write
