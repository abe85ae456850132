from django.contrib import admin

from .models import EPCI, Commune, Departement, Region

# Territories come from official data (manage.py load_territories): the admin shows them, read only.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code"]


@admin.register(Departement)
class DepartementAdmin(ReadOnlyAdmin):
    list_display = ["name", "code"]
    exclude = ["geom"]


@admin.register(EPCI)
class EPCIAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "siren"]
    list_filter = ["kind"]
    search_fields = ["name", "siren"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "departement", "epci", "population"]
    list_filter = ["departement"]
    list_select_related = ["departement", "epci"]
    search_fields = ["name", "code", "search_name"]
    exclude = ["geom", "point"]
