"""The alerts in the admin, for staff who answer "why do I receive this?": read and delete, not write
(an alert is its owner's; they change it from their e-mail or « Mon espace »)."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cresol.core.admin import ServiceAdminMixin

from . import services, wording
from .models import Alert


@admin.register(Alert)
class AlertAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["email", "described", "frequency", "confirmed_at", "last_sent_at"]
    list_filter = ["frequency"]
    search_fields = ["email"]
    readonly_fields = [field.name for field in Alert._meta.fields]

    @admin.display(description="alerte")
    def described(self, alert: Alert) -> str:
        return wording.describe(alert, self.theme_names)

    def get_queryset(self, request: HttpRequest) -> Any:
        self.theme_names = wording.theme_names()  # one query for the page, not one per alert
        return Alert.objects.with_places()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        raise PermissionError("An alert is its owner's: staff read and delete it, never change it.")

    def delete_with_service(self, request: HttpRequest, queryset: Any) -> None:
        for alert in queryset:
            services.alert_delete(alert=alert)
