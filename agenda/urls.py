from django.urls import path

from . import embed, feeds, printing, views

app_name = "agenda"

urlpatterns = [
    path("agenda/", views.index, name="index"),
    path("agenda.ics", views.agenda_ics, name="ics"),
    path("agenda/abonnement/", views.subscribe, name="subscribe"),
    path("agenda/mois/", views.today_month, name="this_month"),
    path("agenda/<int:year>/<int:month>/", views.month, name="month"),
    path("agenda/<int:year>/<int:month>/imprimer.pdf", printing.month_pdf, name="month_pdf"),
    path("agenda/carte/", views.map_page, name="map"),
    path("agenda/embed/", embed.embed, name="embed"),
    path("agenda/embed/couleur.css", embed.embed_colour, name="embed_colour"),
    path("agenda/integrer/", embed.embed_builder, name="embed_builder"),
    path("agenda/carte/evenements.geojson", views.geojson, name="geojson"),
    path("agenda/carte/evenements/<int:pk>/popup/", views.popup, name="popup"),
    path("agenda/flux/", feeds.UpcomingEventsRss(), name="rss"),
    path("agenda/flux/atom/", feeds.UpcomingEventsAtom(), name="atom"),
    path("agenda/proposer/", views.propose, name="propose"),
    path("agenda/<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("agenda/<slug:slug>/affiche.pdf", printing.poster, name="poster"),
    path("agenda/<slug:slug>/", views.detail, name="detail"),
    path("agenda/<slug:slug>/merci/", views.proposed, name="proposed"),
    path("agenda/<slug:slug>/modifier/", views.edit, name="edit"),
    path("agenda/<slug:slug>/annuler/", views.cancel, name="cancel"),
]
