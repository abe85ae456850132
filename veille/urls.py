from django.urls import path

from . import feeds, views

app_name = "veille"

urlpatterns = [
    path("veille/", views.index, name="index"),
    path("veille/echeances/", views.deadlines, name="deadlines"),
    path("veille/flux/", feeds.SharesRss(), name="rss"),
    path("veille/flux/atom/", feeds.SharesAtom(), name="atom"),
    path("veille/sources/", views.sources, name="sources"),
    path("veille/sources.opml", views.sources_opml, name="sources_opml"),
    path("veille/semaine/", views.this_week, name="this_week"),
    path("veille/semaine/<int:year>-W<int:number>/", views.week, name="week_numbers"),
    path("veille/semaine/<str:name>/", views.week_by_name, name="week"),
    path("veille/partager/", views.share, name="share"),
    path("veille/boite/", views.inbox, name="inbox"),
    path("veille/boite/<int:pk>/partager/", views.inbox_share, name="inbox_share"),
    path("veille/boite/<int:pk>/ecarter/", views.inbox_dismiss, name="inbox_dismiss"),
    path("veille/lettre/", views.digest_subscribe, name="digest"),
    path("veille/lettre/confirmer/<str:token>/", views.digest_confirm, name="digest_confirm"),
    path("veille/lettre/desabonner/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
]
