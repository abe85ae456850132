from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("personnes-ressources/", views.person_list, name="list"),
    path("personnes-ressources/carte.geojson", views.geojson, name="geojson"),
    path("personnes-ressources/mon-profil/", views.profile, name="profile"),
    path("personnes-ressources/mon-profil/retirer/", views.profile_remove, name="profile_remove"),
    path("personnes-ressources/carte/<int:pk>/popup/", views.popup, name="popup"),
    path("personnes-ressources/<slug:slug>/", views.person_detail, name="detail"),
]
