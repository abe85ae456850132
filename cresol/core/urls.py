from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("mentions-legales/", TemplateView.as_view(template_name="core/legal_notice.html"), name="legal_notice"),
    path(
        "charte-de-contribution/",
        TemplateView.as_view(template_name="core/contribution_charter.html"),
        name="contribution_charter",
    ),
    path("accessibilite/", TemplateView.as_view(template_name="core/accessibility.html"), name="accessibility"),
    path(
        "donnees-personnelles/",
        TemplateView.as_view(template_name="core/personal_data.html"),
        name="personal_data",
    ),
]
