from django.urls import path

from . import views

app_name = "radar"

urlpatterns = [
    path("radar/", views.radar_home, name="home"),
    path("radar/<slug:slug>/", views.initiative_radar, name="initiative"),
    path("radar/<slug:slug>/remplir/", views.fill, name="fill"),
    path("radar/<slug:slug>/<int:pk>/publication/", views.set_public, name="set_public"),
    path("radar/<slug:slug>/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("radar/<slug:slug>/export.json", views.export, {"fmt": "json"}, name="export_json"),
]
