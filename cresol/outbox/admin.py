"""The outbox for staff: what is waiting, what failed and why, and a button to send again.

The message itself is not shown: it may hold a password-reset link meant for one person.
"""

from django.contrib import admin, messages
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
    readonly_fields = fields
    actions = ["resend"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_with_service(self, request, queryset):
        services.emails_delete(queryset=queryset)

    @admin.action(description=_("Renvoyer les courriels en échec"), permissions=["view"])
    def resend(self, request, queryset):
        count = services.emails_resend(emails=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d courriel remis dans la file d'envoi.",
                "%(count)d courriels remis dans la file d'envoi.",
                count,
            )
            % {"count": count},  # fmt: skip
            messages.SUCCESS if count else messages.WARNING,
        )
