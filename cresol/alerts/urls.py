from django.urls import path

from . import feeds, views

app_name = "alerts"

urlpatterns = [
    path("alertes/nouvelle/", views.create, name="create"),
    path("alertes/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("alertes/desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alertes/<int:pk>/supprimer/", views.delete, name="delete"),
    path("alertes/<int:pk>/frequence/", views.frequency, name="frequency"),
    path("alertes/flux/<str:key>/rss/", feeds.AlertRss(), name="rss"),
    path("alertes/flux/<str:key>/atom/", feeds.AlertAtom(), name="atom"),
    path("alertes/flux/<str:key>/agenda.ics", views.ical, name="ical"),
]
