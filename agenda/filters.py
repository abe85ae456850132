"""The agenda's filters, shared by the list, the map, the month grid and the .ics feed.

Query parameters (a public contract): quand (aujourdhui, weekend, semaine, mois), du, au, theme,
type, departement, epci, pays, commune, lat, lon, rayon, mode, gratuit, organisateur.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cresol.core.search import matching_words
from cresol.territories.filters import CommuneFilter
from cresol.territories.models import EPCI, Departement, Pays
from cresol.territories.nearby import RADIUS_CHOICES, point_at, within_radius
from cresol.themes.models import Theme

from .models import Attendance, Event, Kind, Occurrence, Price
from .recurrence import PARIS
from .validators import validate_agenda_year

WHEN_CHOICES = [
    ("aujourdhui", _("Aujourd'hui")),
    ("weekend", _("Ce week-end")),
    ("semaine", _("Cette semaine")),
    ("mois", _("Ce mois-ci")),
]


def when_range(value: str, today: date) -> tuple[datetime, datetime]:
    """The [first, last) local datetimes of a named period."""
    if value == "aujourdhui":
        first, last = today, today + timedelta(days=1)
    elif value == "weekend":
        saturday = today + timedelta(days=5 - today.weekday()) if today.weekday() < 6 else today - timedelta(days=1)
        first, last = max(today, saturday), saturday + timedelta(days=2)
    elif value == "semaine":
        first, last = today, today - timedelta(days=today.weekday()) + timedelta(days=7)
    else:  # mois
        next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        first, last = today, next_month
    return (datetime.combine(first, time.min, tzinfo=PARIS), datetime.combine(last, time.min, tzinfo=PARIS))


class OccurrenceFilterForm(forms.Form):
    def clean(self) -> Any:
        super().clean()
        cleaned = self.cleaned_data
        if (cleaned.get("lat") is None) != (cleaned.get("lon") is None):
            raise forms.ValidationError(_("Indiquez à la fois la latitude et la longitude."), code="near_incomplete")
        first, last = cleaned.get("du"), cleaned.get("au")
        if first and last and last < first:
            self.add_error("au", _("La date de fin doit suivre la date de début."))
        if first and last and (last - first).days > 366:
            self.add_error("au", _("Choisissez une période d'un an au plus."))
        return cleaned


class OccurrenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Recherche"), method="filter_text", max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    quand = django_filters.ChoiceFilter(
        label=_("Quand"), choices=WHEN_CHOICES, method="filter_when", empty_label=_("À venir")
    )
    du = django_filters.DateFilter(
        label=_("Du"),
        method="filter_noop",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_agenda_year],
    )
    au = django_filters.DateFilter(
        label=_("Au"),
        method="filter_noop",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_agenda_year],
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Thématiques"),
        field_name="event__themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    type = django_filters.MultipleChoiceFilter(
        label=_("Type"), field_name="event__kind", choices=Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="event__commune__departement",
        to_field_name="code",
        queryset=Departement.objects.all(),
        empty_label=_("Tous les départements"),
    )
    epci = django_filters.ModelChoiceFilter(
        label=_("Intercommunalité"),
        field_name="event__commune__epci",
        to_field_name="siren",
        queryset=EPCI.objects.all(),
        empty_label=_("Toutes les intercommunalités"),
    )
    pays = django_filters.ModelChoiceFilter(
        label=_("Pays"),
        field_name="event__commune__epci__pays",
        to_field_name="slug",
        queryset=Pays.objects.all(),
        empty_label=_("Tous les Pays"),
    )
    commune = CommuneFilter(label=_("Commune"), field_name="event__commune")
    mode = django_filters.ChoiceFilter(
        label=_("Participation"), choices=Attendance.choices, method="filter_mode", empty_label=_("Toutes")
    )
    gratuit = django_filters.BooleanFilter(
        label=_("Gratuit ou prix libre seulement"), method="filter_free", widget=forms.CheckboxInput
    )
    organisateur = django_filters.CharFilter(
        label=_("Organisateur"),
        method="filter_organiser",
        max_length=150,
        help_text=_("Son nom, ou l'identifiant de son initiative sur la carte."),
    )
    lat = django_filters.NumberFilter(method="filter_noop", min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = django_filters.NumberFilter(method="filter_noop", min_value=-180, max_value=180, widget=forms.HiddenInput)
    rayon = django_filters.TypedChoiceFilter(
        label=_("Rayon"), choices=RADIUS_CHOICES, coerce=int, method="filter_noop", empty_value=None
    )

    class Meta:
        model = Occurrence
        fields: list[str] = []
        form = OccurrenceFilterForm

    def __init__(self, data: Any = None, *args, queryset: Any = None, now: Any = None, **kwargs) -> None:
        self.now = now or timezone.now()
        super().__init__(
            data, *args, queryset=queryset if queryset is not None else Occurrence.objects.visible(), **kwargs
        )

    def filter_noop(self, queryset: QuerySet, name: str, value: Any) -> Any:
        return queryset

    def filter_text(self, queryset: QuerySet, name: str, value: Any) -> Any:
        words = matching_words(value, "title", "summary", "organiser_name", "venue_name", "commune__name")
        # On the events, then their dates: a date is not repeated by the join.
        return queryset if words is None else queryset.filter(event__in=Event.objects.filter(words).values("pk"))

    def filter_when(self, queryset: QuerySet, name: str, value: Any) -> Any:
        if not value:
            return queryset
        first, last = when_range(value, timezone.localdate(self.now))
        return queryset.filter(start__lt=last, end__gte=max(first, self.now))

    def filter_mode(self, queryset: QuerySet, name: str, value: Any) -> Any:
        if value == Attendance.ONLINE:
            return queryset.filter(event__attendance__in=[Attendance.ONLINE, Attendance.HYBRID])
        if value == Attendance.ON_SITE:
            return queryset.filter(event__attendance__in=[Attendance.ON_SITE, Attendance.HYBRID])
        return queryset.filter(event__attendance=value)

    def filter_organiser(self, queryset: QuerySet, name: str, value: Any) -> Any:
        """A partner's own events: by the initiative that organises them, or the organiser's name."""
        if not value:
            return queryset
        organised = Event.objects.filter(
            Q(organiser_initiative__slug=value.strip()) | Q(organiser_name__iexact=value.strip())
        )
        return queryset.filter(event__in=organised.values("pk"))

    def filter_free(self, queryset: QuerySet, name: str, value: Any) -> Any:
        return queryset.filter(event__price__in=[Price.FREE, Price.PAY_WHAT_YOU_CAN]) if value else queryset

    def filter_queryset(self, queryset: QuerySet) -> Any:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        first, last = data.get("du"), data.get("au")
        if first:
            queryset = queryset.filter(end__gte=datetime.combine(first, time.min, tzinfo=PARIS))
        if last:
            queryset = queryset.filter(start__lt=datetime.combine(last + timedelta(days=1), time.min, tzinfo=PARIS))
        if not (first or data.get("quand")):
            queryset = queryset.filter(end__gte=self.now)
        if data.get("lat") is not None and data.get("lon") is not None and data.get("rayon"):
            point = point_at(data["lat"], data["lon"])
            events = within_radius(Event.objects.exclude(point=None), point, data["rayon"])
            queryset = queryset.filter(event__in=events.values("pk"))
        if data.get("theme"):
            queryset = queryset.distinct()
        return queryset
