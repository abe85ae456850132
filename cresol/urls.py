"""The portal's URLs: the shared pieces here, each section under its own prefix.

The error pages are Django's default views rendering templates/400.html, 403.html, 404.html and
500.html in French.
"""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from cresol.accounts.views import admin_login
from cresol.core import sitemaps
from cresol.health.views import health_page
from cresol.moderation.views import moderation_queue
from cresol.observatory.staff_views import staff_report_csv, staff_reports

# The composition root: the one place that plugs every section's URLs in. /sitemap.xml is an index of
# one sitemap per section (each registers its own: cresol.core.sections), in pages of consecutive ids.

admin.site.site_header = "Administration du portail Cré-sol"
admin.site.site_title = "Cré-sol"
admin.site.index_title = "Modération et contenus"

urlpatterns = [
    path("", include("cresol.core.urls")),
    path("compte/", include("allauth.urls")),
    path("mon-espace/", include("cresol.accounts.urls")),
    path("territoires/", include("cresol.territories.urls")),
    path("", include("cresol.themes.urls")),
    path("", include("cresol.search.urls")),
    path("donnees/", include("cresol.core.opendata.urls")),
    path("api/v1/", include("cresol.api.urls")),
    path("", include("cresol.observatory.urls")),
    path("", include("cresol.people.urls")),
    path("", include("cresol.alerts.urls")),
    path("", include("cresol.letter.urls")),
    path("", include("initiatives.urls")),
    path("", include("initiatives.radar.urls")),
    path("", include("initiatives.cooperations.urls")),
    path("", include("agenda.registrations.urls")),
    path("", include("agenda.urls")),
    path("", include("blog.urls")),
    path("", include("blog.library.urls")),
    path("", include("veille.urls")),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-<section>.xml", sitemaps.sitemap, name="sitemap"),
    path(f"{settings.ADMIN_URL}login/", admin_login, name="admin_login"),
    path(f"{settings.ADMIN_URL}a-traiter/", admin.site.admin_view(moderation_queue), name="moderation_queue"),
    path(f"{settings.ADMIN_URL}sante/", admin.site.admin_view(health_page), name="health_page"),
    path(f"{settings.ADMIN_URL}statistiques/", admin.site.admin_view(staff_reports), name="staff_reports"),
    path(
        f"{settings.ADMIN_URL}statistiques/<slug:key>.csv",
        admin.site.admin_view(staff_report_csv),
        name="staff_report_csv",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
