from django.urls import path

from . import views

app_name = "themes"

urlpatterns = [
    path("themes.css", views.theme_colours, name="colours"),
]
