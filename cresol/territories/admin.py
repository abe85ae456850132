from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cresol.core.admin import ReadOnlyAdminMixin, ServiceAdminMixin

from . import services
from .models import EPCI, Commune, Departement, Pays, Region


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


@admin.register(Pays)
class PaysAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """The Pays, kept by staff: no official list reaches the portal."""

    list_display = ["name", "kind", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["epcis"]

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        services.pays_save(pays=obj, save_relations=save_relations)
