from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("observatoire/", views.observatory, name="index"),
    path("observatoire/<slug:key>.csv", views.figure_csv, name="csv"),
]
