from django.urls import path

from . import views
from .site import api

urlpatterns = [
    path("docs/", views.docs, name="api_docs"),
    path("console/", views.console, name="api_console"),
    path("", api().urls),
]
