from django.urls import path, re_path

from . import views

app_name = "letter"

urlpatterns = [
    path("lettre/", views.index, name="index"),
    path("lettre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("lettre/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    re_path(r"^lettre/(?P<year>[0-9]{4})-(?P<month>[0-9]{2})/$", views.detail, name="detail"),
]
