from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("agenda/<slug:slug>/inscriptions/", views.manage, name="manage"),
    path("agenda/inscriptions/<int:pk>/", views.register, name="register"),
    path("agenda/inscriptions/<int:pk>/liste/", views.registrants, name="registrants"),
    path("agenda/inscriptions/<int:pk>/liste.csv", views.export, name="export"),
    path("agenda/inscriptions/<int:pk>/reglages/", views.edit, name="edit"),
    path("agenda/inscriptions/<int:pk>/ecrire/", views.write, name="write"),
    path("agenda/inscriptions/<int:pk>/fermer/", views.set_closed, name="set_closed"),
    path("agenda/inscriptions/annuler/<int:pk>/", views.cancel_mine, name="cancel_mine"),
    path("agenda/inscriptions/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("agenda/inscriptions/desinscription/<str:token>/", views.leave, name="leave"),
]
