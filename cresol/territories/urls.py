from django.urls import path

from . import views

app_name = "territories"

urlpatterns = [
    path("communes/", views.commune_lookup, name="commune_lookup"),
    path("adresses/", views.address_search, name="address_search"),
    path("departements.geojson", views.departement_outlines, name="departement_outlines"),
    path("departements/<str:code>/communes.geojson", views.commune_outlines, name="commune_outlines"),
    path("", views.territory_page, {"level": "region"}, name="region"),
    path("epci/<str:code>/", views.territory_page, {"level": "epci"}, name="epci"),
    path("pays/<slug:code>/", views.territory_page, {"level": "pays"}, name="pays"),
    path("communes/<str:code>/", views.territory_page, {"level": "commune"}, name="commune"),
    path("<str:code>/", views.territory_page, {"level": "departement"}, name="departement"),
]
