from django.urls import path

from . import feeds, views

app_name = "cooperations"

urlpatterns = [
    path("cooperations/", views.cooperation_list, name="list"),
    path("cooperations/carte.geojson", views.geojson, name="geojson"),
    path("cooperations/carte/<int:pk>/popup/", views.popup, name="popup"),
    path("cooperations/export.csv", views.export_csv, name="export_csv"),
    path("cooperations/export.json", views.export_json, name="export_json"),
    path("cooperations/flux/", feeds.CooperationsRss(), name="rss"),
    path("cooperations/flux/atom/", feeds.CooperationsAtom(), name="atom"),
    path("cooperations/proposer/", views.propose, name="propose"),
    path("cooperations/<slug:slug>/", views.cooperation_detail, name="detail"),
    path("cooperations/<slug:slug>/modifier/", views.edit, name="edit"),
    path("cooperations/<slug:slug>/pourvue/", views.set_fulfilled, name="fulfilled"),
]
