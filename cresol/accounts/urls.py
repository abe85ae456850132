from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.member_space, name="member_space"),
    path("profil/", views.profile_edit, name="profile_edit"),
    path("retirer/<str:key>/<int:pk>/", views.withdraw, name="withdraw"),
]
