from django.contrib import admin

from cresol.core.admin import ReadOnlyAdminMixin

from .models import EPCI, Commune, Departement, Region


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Territories come from official data (manage.py load_territories): the admin shows them, read only."""


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
