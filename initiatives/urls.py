from django.urls import path

from . import feeds, printing, views

app_name = "initiatives"

urlpatterns = [
    path("carte/", views.map_page, name="map"),
    path("carte/initiatives.geojson", views.geojson, name="geojson"),
    path("carte/grappes/<int:z>/<int:x>/<int:y>.geojson", views.cluster_tile, name="cluster_tile"),
    path("carte/initiatives/resume.json", views.map_summary, name="map_summary"),
    path("carte/embed/", views.embed, name="embed"),
    path("carte/integrer/", views.embed_builder, name="embed_builder"),
    path("carte/initiatives/<int:pk>/popup/", views.popup, name="popup"),
    path("i/<int:pk>", views.permalink, name="permalink"),
    path("initiatives/", views.initiative_list, name="list"),
    path("initiatives/export.csv", views.export_csv, name="export_csv"),
    path("initiatives/annuaire.pdf", printing.directory_pdf, name="directory_pdf"),
    path("initiatives/export.json", views.export_json, name="export_json"),
    path("initiatives/fusions.csv", views.merges_csv, name="merges_csv"),
    path("initiatives/export.gogocarto.json", views.export_gogocarto, name="export_gogocarto"),
    path("initiatives/recherche.json", views.lookup, name="lookup"),
    path("initiatives/flux/", feeds.NewInitiativesRss(), name="rss"),
    path("initiatives/flux/atom/", feeds.NewInitiativesAtom(), name="atom"),
    path("initiatives/proposer/", views.propose, name="propose"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="detail"),
    path("initiatives/<slug:slug>/merci/", views.proposed, name="proposed"),
    path("initiatives/<slug:slug>/modifier/", views.edit, name="edit"),
    path("initiatives/<slug:slug>/signaler/", views.report, name="report"),
    path("initiatives/<slug:slug>/confirmer/<str:token>/", views.confirm, name="confirm"),
]
