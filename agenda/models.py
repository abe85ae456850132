"""An event, its occurrences (stored as rows so that date ranges use an index) and imported sources."""

from datetime import timedelta
from typing import Any, Self

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.geos import Point
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from cresol.core.models import FetchState
from cresol.core.validators import validate_single_line
from cresol.moderation.models import ChangeRequest, Moderated, ModeratedQuerySet, Status
from cresol.search.fields import plain_title, search_indexes, search_vector
from cresol.territories.geometry import WGS84
from cresol.territories.models import Commune
from cresol.themes.models import Theme, themes_prefetch


class Kind(models.TextChoices):
    ATELIER = "atelier", _("Atelier")
    CONFERENCE = "conference", _("Conférence")
    FORMATION = "formation", _("Formation")
    REUNION = "reunion", _("Réunion")
    MARCHE = "marche", _("Marché")
    FESTIVAL = "festival", _("Festival")
    PROJECTION = "projection-debat", _("Projection-débat")
    CHANTIER = "chantier", _("Chantier participatif")
    VISITE = "visite", _("Visite")
    AUTRE = "autre", _("Autre")


class Attendance(models.TextChoices):
    ON_SITE = "sur-place", _("Sur place")
    ONLINE = "en-ligne", _("En ligne")
    HYBRID = "hybride", _("Hybride")


class Price(models.TextChoices):
    # A partner's calendar says nothing of prices: an imported event's is unknown, not free.
    UNKNOWN = "", _("Tarif non précisé")
    FREE = "gratuit", _("Gratuit")
    PAY_WHAT_YOU_CAN = "prix-libre", _("Prix libre")
    PAID = "payant", _("Payant")


class Frequency(models.TextChoices):
    NONE = "", _("Une seule fois")
    DAILY = "DAILY", _("Tous les jours")
    WEEKLY = "WEEKLY", _("Toutes les semaines")
    MONTHLY = "MONTHLY", _("Tous les mois")


class MonthlyMode(models.TextChoices):
    BY_DATE = "date", _("Le même jour du mois (le 12)")
    BY_WEEKDAY = "weekday", _("Le même jour de la semaine (le 2e mardi)")


class EventQuerySet(ModeratedQuerySet):
    def visible(self) -> Self:
        """Published events, cancelled ones included: they stay visible, marked cancelled."""
        return self.published()


class Event(Moderated):
    title = models.CharField(_("titre"), max_length=150, validators=[validate_single_line])
    slug = models.SlugField(_("identifiant d'URL"), max_length=170, unique=True)
    summary = models.CharField(_("en bref"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(_("type d'événement"), max_length=20, choices=Kind.choices, default=Kind.ATELIER)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques"), related_name="events", blank=True)
    tags = TaggableManager(_("mots-clés"), blank=True)

    # When: the first occurrence, and the rule that repeats it (an RFC 5545 subset).
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    all_day = models.BooleanField(_("toute la journée"), default=False)
    frequency = models.CharField(_("répétition"), max_length=10, choices=Frequency.choices, blank=True, default="")
    interval = models.PositiveSmallIntegerField(
        _("intervalle"), default=1, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)]),
        verbose_name=_("jours de la semaine"),
        default=list,
        blank=True,
        help_text="0 = Monday … 6 = Sunday.",
    )
    monthly_mode = models.CharField(_("chaque mois"), max_length=10, choices=MonthlyMode.choices, blank=True)
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(
        # The members' form offers up to 500; an imported COUNT may be larger (the field holds 32,767).
        _("nombre de fois"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    excluded_dates = ArrayField(models.DateField(), verbose_name=_("dates exclues"), default=list, blank=True)
    # A partner's rule, kept as written (RRULE, RDATE, EXDATE lines of RFC 5545), for what the fields above
    # cannot hold (the last Friday, the 1st and the 15th, added dates, yearly rules…). When set, it is the
    # rule: the fields above only describe it. `time_zone` is the zone the rule runs in (its DTSTART's).
    recurrence = models.TextField(_("règle du calendrier partenaire"), blank=True, editable=False)
    time_zone = models.CharField(_("fuseau de la règle"), max_length=64, default="Europe/Paris", editable=False)

    # Where: on site (a venue, or an initiative of the map), online, or both.
    attendance = models.CharField(
        _("participation"), max_length=10, choices=Attendance.choices, default=Attendance.ON_SITE
    )
    online_url = models.URLField(_("lien de connexion"), max_length=500, blank=True)
    place_initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("lieu : une initiative de la carte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    venue_name = models.CharField(_("nom du lieu"), max_length=150, blank=True, validators=[validate_single_line])
    address = models.CharField(_("adresse"), max_length=255, blank=True, validators=[validate_single_line])
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    point = models.PointField(_("position"), srid=WGS84, null=True, blank=True)

    # Who, how much, how.
    organiser_initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("organisé par (initiative)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
    )
    organiser_name = models.CharField(_("organisé par"), max_length=150, blank=True, validators=[validate_single_line])
    price = models.CharField(_("tarif"), max_length=12, choices=Price.choices, default=Price.FREE, blank=True)
    price_details = models.CharField(_("précisions sur le tarif"), max_length=200, blank=True)
    registration_url = models.URLField(_("lien d'inscription"), max_length=500, blank=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)
    image = models.ImageField(_("image"), upload_to="agenda/", blank=True)
    thumbnail = models.ImageField(upload_to="agenda/", blank=True, editable=False)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=200, blank=True)

    cancelled = models.BooleanField(_("annulé"), default=False)
    # Grows on every change, for calendar applications (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    source = models.ForeignKey(
        "ImportSource", on_delete=models.SET_NULL, null=True, blank=True, related_name="events", editable=False
    )
    external_uid = models.CharField(max_length=500, blank=True, editable=False)
    external_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # The dates of its series the partner moved or cancelled (RECURRENCE-ID), kept whole: one a year and
    # a half ahead is applied when the window of stored dates reaches it ({"original", "start", "end",
    # "cancelled"}, ISO times).
    partner_overrides = models.JSONField(default=list, blank=True, editable=False)
    # Other partners' calendars that list the same event (same UID): when its source drops it, one of
    # them keeps it rather than have it cancelled.
    also_in_sources: "models.ManyToManyField[ImportSource, Any]" = models.ManyToManyField(
        "ImportSource", blank=True, editable=False, related_name="shared_events"
    )
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    search_vector = search_vector(title="A", summary="B", venue_name="B", organiser_name="B", description="C")
    title_plain = plain_title("title")

    objects = EventQuerySet.as_manager()  # type: ignore[misc]  # the section's queryset extends ModeratedQuerySet

    class Meta(Moderated.Meta):
        ordering = ["start"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            *Moderated.Meta.constraints,
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="event_ends_after_start"),
            models.UniqueConstraint(
                fields=["source", "external_uid"], condition=~models.Q(external_uid=""), name="one_event_per_source_uid"
            ),
        ]
        indexes = [
            *search_indexes("event"),
            models.Index(fields=["status", "start"], name="event_status_start"),
            models.Index(fields=["status", "updated_at"], name="event_status_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:detail", args=[self.slug])

    def contributor_links(self) -> list[tuple[Any, str]]:
        edit_url = reverse("agenda:edit", args=[self.slug])
        links: dict[str, list[tuple[Any, str]]] = {
            Status.PUBLISHED: [
                (_("Voir l'événement"), self.get_absolute_url()),
                (_("Proposer une modification"), edit_url),
            ],
            Status.DRAFT: [(_("Reprendre et envoyer à la relecture"), edit_url)],
            Status.REFUSED: [(_("Corriger et renvoyer à la relecture"), edit_url)],
            Status.PENDING: [(_("Modifier"), edit_url)],
        }
        return links.get(self.status, [])

    @property
    def uid(self) -> str:
        """Stable iCalendar UID: calendar applications recognise the event across updates."""
        return self.external_uid or f"evenement-{self.pk}@cresol"

    @property
    def is_recurring(self) -> bool:
        return bool(self.frequency or self.recurrence)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def is_online(self) -> bool:
        return self.attendance in (Attendance.ONLINE, Attendance.HYBRID)

    @property
    def is_on_site(self) -> bool:
        return self.attendance in (Attendance.ON_SITE, Attendance.HYBRID)

    @property
    def location_point(self) -> Point | None:
        return self.point or (self.commune.point if self.commune is not None else None)

    @property
    def organiser_label(self) -> str:
        return self.organiser_initiative.name if self.organiser_initiative is not None else self.organiser_name


class OccurrenceQuerySet(models.QuerySet):
    def visible(self) -> Self:
        return self.filter(event__status=Status.PUBLISHED)

    def upcoming(self, now: Any = None) -> Self:
        """Occurrences not finished yet, soonest first."""
        return self.visible().filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def between(self, first: Any, last: Any) -> Self:
        return self.visible().filter(start__lt=last, end__gte=first).order_by("start", "pk")

    def next_of_each_event(self, selection: Any) -> Self:
        """The first date of each event among `selection` (a date not cancelled if it has one), soonest
        first: one line per event in a list, whatever the length of its series."""
        firsts = (
            self.filter(pk__in=selection.values("pk"))
            .order_by("event_id", "cancelled", "start", "pk")
            .distinct("event_id")
            .values("pk")
        )
        return self.filter(pk__in=firsts).order_by("start", "pk")

    def for_listing(self) -> Self:
        """What a list of dates shows (the event, its place, organiser and themes) in a fixed number of queries."""
        return self.select_related("event__commune", "event__organiser_initiative").prefetch_related(
            themes_prefetch("event__themes")
        )

    def with_registrations(self) -> Self:
        """Each date's registration on the portal, read alongside (three queries): `Occurrence.registration`."""
        return self.prefetch_related("registrations__event", "event__registrations")


class Occurrence(models.Model):
    """One date of an event. A series' rows are regenerated when it changes, keeping the ones that were
    cancelled or moved (identified by the date the rule gave them, `original_start`)."""

    event = models.ForeignKey(Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="occurrences")
    original_start = models.DateTimeField(_("date prévue"))
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    cancelled = models.BooleanField(_("annulée"), default=False)
    moved = models.BooleanField(_("déplacée"), default=False, editable=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        constraints = [
            models.UniqueConstraint(fields=["event", "original_start"], name="one_occurrence_per_rule_date"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="occurrence_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["start"], name="occurrence_start"),
            models.Index(fields=["end"], name="occurrence_end"),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {timezone.localtime(self.start):%d/%m/%Y %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled or self.event.cancelled

    @property
    def registration(self) -> Any:
        """The registration this date takes on the portal (its own, or its event's for every date), if
        any; read from `with_registrations()`'s prefetch, or one query each."""
        own = [registration for registration in self.registrations.all() if registration.purged_at is None]
        if own:
            return own[0]
        whole = self.event.registrations.all()
        return next((r for r in whole if r.occurrence_id is None and r.purged_at is None), None)


class EventChangeRequest(ChangeRequest):
    """Changes the organiser asks for on their published event (a new time, a new place…): the event
    stays as it is until staff apply them. `changes` holds the event form's fields as posted."""

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="change_requests"
    )

    class Meta(ChangeRequest.Meta):
        verbose_name = _("modification d'événement proposée")
        verbose_name_plural = _("modifications d'événements proposées")

    def __str__(self) -> str:
        return f"{self.event} ({self.created_at:%d/%m/%Y})"


class EventMerge(models.Model):
    """Two records of one event merged (agenda/merging.py), imported twice from two partners say: the id
    and slug that went, the kept event, and — when the merged one came from a partner's calendar — its
    source and UID, so that the next import of that calendar does not create it again."""

    merged_id = models.PositiveBigIntegerField(_("numéro de l'événement fusionné"), unique=True)
    merged_slug = models.SlugField(_("son identifiant d'URL"), max_length=170, db_index=True)
    merged_title = models.CharField(_("son titre"), max_length=200)
    merged_source = models.ForeignKey(
        "ImportSource", verbose_name=_("sa source"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_uid = models.CharField(_("son UID chez le partenaire"), max_length=500, blank=True)
    kept = models.ForeignKey(
        "Event", verbose_name=_("événement conservé"), on_delete=models.CASCADE, related_name="absorbed"
    )
    merged_at = models.DateTimeField(_("fusionné le"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    former_values = models.JSONField(_("valeurs avant la fusion"), default=dict)
    moved = models.JSONField(_("éléments rattachés"), default=dict)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("fusion d'événements")
        verbose_name_plural = _("fusions d'événements")
        indexes = [models.Index(fields=["merged_source", "merged_uid"], name="event_merge_source_uid")]

    def __str__(self) -> str:
        return f"n° {self.merged_id} → n° {self.kept_id}"


class ImportSource(FetchState):
    """A partner's iCalendar feed (Mobilizon, OpenAgenda, Nextcloud, Google…) imported by `import_ical`."""

    name = models.CharField(_("nom"), max_length=150)
    url = models.URLField(_("adresse du flux iCalendar"), max_length=500, unique=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thématiques par défaut"), blank=True)
    trusted = models.BooleanField(
        _("source de confiance"),
        default=False,
        help_text=_("Ses événements sont publiés directement ; sinon ils attendent la modération."),
    )
    active = models.BooleanField(_("active"), default=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("événements attribués à"),
    )
    last_notes = models.TextField(
        _("remarques du dernier import"),
        blank=True,
        editable=False,
        help_text=_("Ce que l'import a ignoré ou simplifié, une ligne par événement."),
    )

    class Meta:
        verbose_name = _("source d'agenda importée")
        verbose_name_plural = _("sources d'agenda importées")

    def __str__(self) -> str:
        return self.name
