"""The portal's URLs: the shared pieces here, each section under its own prefix.

The error pages are Django's default views rendering templates/400.html, 403.html, 404.html and
500.html in French.
"""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from agenda.sitemaps import EventSitemap
from blog.sitemaps import DossierSitemap, PostSitemap
from cresol.accounts.views import admin_login
from initiatives.sitemaps import InitiativeSitemap

# The composition root: the one place that knows every section.
SITEMAPS = {"initiatives": InitiativeSitemap, "agenda": EventSitemap, "blog": PostSitemap, "dossiers": DossierSitemap}

admin.site.site_header = "Administration du portail Cré-sol"
admin.site.site_title = "Cré-sol"
admin.site.index_title = "Modération et contenus"

urlpatterns = [
    path("", include("cresol.core.urls")),
    path("compte/", include("allauth.urls")),
    path("mon-espace/", include("cresol.accounts.urls")),
    path("territoires/", include("cresol.territories.urls")),
    path("", include("cresol.themes.urls")),
    path("", include("initiatives.urls")),
    path("", include("agenda.urls")),
    path("", include("blog.urls")),
    path("", include("veille.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path(f"{settings.ADMIN_URL}login/", admin_login, name="admin_login"),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
