from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("catalogue.jsonld", views.catalogue, name="catalogue"),
    path("schemas/<str:name>", views.schema, name="schema"),
]
