from django.urls import path

from . import feeds, views

app_name = "blog"

urlpatterns = [
    path("blog/", views.index, name="index"),
    path("blog/flux/", feeds.PostsRss(), name="rss"),
    path("blog/flux/atom/", feeds.PostsAtom(), name="atom"),
    path("blog/ecrire/", views.write, name="write"),
    path("blog/dossiers/", views.dossiers, name="dossiers"),
    path("blog/dossiers/<slug:slug>/", views.dossier, name="dossier"),
    path("blog/auteurs/<str:username>/", views.author, name="author"),
    path("blog/commentaires/<int:pk>/signaler/", views.report_comment, name="report_comment"),
    path("blog/invitations/<int:pk>/", views.invitation, name="invitation"),
    path("blog/<slug:slug>/", views.detail, name="detail"),
    path("blog/<slug:slug>/modifier/", views.edit, name="edit"),
    path("blog/<slug:slug>/commentaires/", views.comment, name="comment"),
]
