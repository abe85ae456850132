"""The outbox for staff: what is waiting, what failed and why, and a button to send again.

The message itself is not shown: it may hold a password-reset link meant for one person.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cresol.core.admin import ServiceAdminMixin

from . import services
from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "recipients"]
    date_hierarchy = "created_at"
    fields = ["subject", "recipients", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields  # type: ignore[assignment]  # the same names, all shown read only
    actions = ["resend"]
    list_per_page = 100

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Renvoyer les courriels en échec"), permissions=["view"])
    def resend(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = services.emails_resend(emails=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d courriel remis dans la file d'envoi.",
                "%(count)d courriels remis dans la file d'envoi.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
