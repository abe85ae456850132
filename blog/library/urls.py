from django.urls import path

from . import feeds, views

app_name = "library"

urlpatterns = [
    path("ressources/", views.resource_list, name="list"),
    path("ressources/proposer/", views.propose, name="propose"),
    path("ressources/flux/", feeds.ResourcesRss(), name="rss"),
    path("ressources/flux/atom/", feeds.ResourcesAtom(), name="atom"),
    # Under the private storage's base URL (PRIVATE_FILES_URL): file.url points here.
    path("ressources/fichiers/<path:name>", views.resource_file, name="file"),
    path("ressources/<slug:slug>/", views.resource_detail, name="detail"),
    path("ressources/<slug:slug>/modifier/", views.edit, name="edit"),
]
