from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["email", "display_name", "organisation", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "username", "display_name", "organisation"]
    autocomplete_fields = ["commune"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or []),
        (_("Profil public"), {"fields": ["display_name", "organisation", "commune"]}),
    ]
