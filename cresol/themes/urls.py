from django.urls import path

from . import views

app_name = "themes"

urlpatterns = [
    path("themes.css", views.theme_colours, name="colours"),
    path("themes/", views.theme_list, name="list"),
    path("themes/<slug:slug>/", views.theme_detail, name="detail"),
]
