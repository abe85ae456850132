"""Proposing an event: native date and time inputs, recurrence in plain words, a place or a link."""

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cresol.core.forms import TagsField
from cresol.core.images import ImageUploadField
from cresol.core.validators import validate_single_line
from cresol.moderation.changes import same_value
from cresol.moderation.models import Status
from cresol.territories.fields import CommuneField, PointPickerField
from cresol.themes.models import Theme
from initiatives.models import Initiative

from . import services
from .models import Attendance, Event, Frequency, Kind, MonthlyMode, Price
from .recurrence import PARIS, local_naive
from .validators import validate_agenda_year

WEEKDAY_CHOICES = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]


class DateListField(forms.CharField):
    """Dates typed as « 24/12/2026, 31/12/2026 »."""

    def to_python(self, value: Any) -> Any:
        dates = []
        for part in (super().to_python(value) or "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    dates.append(datetime.strptime(part, pattern).date())
                    break
                except ValueError:
                    continue
            else:
                raise ValidationError(_("« %(part)s » n'est pas une date (jj/mm/aaaa)."), params={"part": part})
            validate_agenda_year(dates[-1])
        return sorted(set(dates))


def _published_initiative(text: str):
    text = text.strip()
    if not text:
        return None
    initiatives = Initiative.objects.published()
    found = initiatives.filter(slug=text).first() or initiatives.filter(name__iexact=text).first()
    if found is None:
        found = (
            initiatives.annotate(similarity=TrigramSimilarity("name", text))
            .filter(similarity__gte=0.5)
            .order_by("-similarity")
            .first()
        )
    if found is None:
        raise ValidationError(_("Aucune initiative de la carte ne s'appelle « %(text)s »."), params={"text": text})
    return found


class EventForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150, validators=[validate_single_line])
    summary = forms.CharField(
        label=_("En bref"), max_length=300, required=False, help_text=_("Une phrase qui donne envie de venir.")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mise en forme possible (Markdown) : **gras**, listes, liens."),
    )
    kind = forms.ChoiceField(label=_("Type d'événement"), choices=Kind.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thématiques"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    tags = TagsField()

    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_agenda_year],
    )
    start_time = forms.TimeField(
        label=_("Heure de début"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_day = forms.DateField(
        label=_("Date de fin (si l'événement dure plusieurs jours)"),
        required=False,
        validators=[validate_agenda_year],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    all_day = forms.BooleanField(label=_("Toute la journée"), required=False)

    frequency = forms.ChoiceField(label=_("Se répète"), choices=Frequency.choices, required=False)
    interval = forms.IntegerField(
        label=_("Rythme"),
        help_text=_("1 = à chaque fois (chaque jour, semaine ou mois), 2 = une fois sur deux, 3 = une sur trois…"),
        min_value=1,
        max_value=52,
        initial=1,
        required=False,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Les jours"), choices=WEEKDAY_CHOICES, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    monthly_mode = forms.ChoiceField(label=_("Chaque mois"), choices=[("", "—"), *MonthlyMode.choices], required=False)
    until = forms.DateField(
        label=_("Jusqu'au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_agenda_year],
    )
    count = forms.IntegerField(label=_("Ou nombre de fois"), min_value=1, max_value=500, required=False)
    excluded_dates = DateListField(
        label=_("Sauf les"),
        required=False,
        help_text=_("Dates sans séance, séparées par des virgules : 24/12/2026, 31/12/2026."),
    )

    attendance = forms.ChoiceField(label=_("Participation"), choices=Attendance.choices)
    online_url = forms.URLField(label=_("Lien de connexion"), required=False, max_length=500, assume_scheme="https")
    place_initiative = forms.CharField(
        label=_("Lieu : une initiative de la carte"),
        required=False,
        max_length=150,
        help_text=_("Son nom, si l'événement a lieu chez elle : son adresse est reprise."),
        widget=forms.TextInput(attrs={"list": "initiatives", "autocomplete": "off"}),
    )
    venue_name = forms.CharField(
        label=_("Ou nom du lieu"), required=False, max_length=150, validators=[validate_single_line]
    )
    address = forms.CharField(label=_("Adresse"), required=False, max_length=255, validators=[validate_single_line])
    commune_name = CommuneField(label=_("Commune"), required=False)
    point = PointPickerField(
        label=_("Position sur la carte"),
        required=False,
        help_text=_("Facultatif : sans position, l'événement est placé au centre de la commune."),
    )

    organiser_initiative = forms.CharField(
        label=_("Organisé par une initiative de la carte"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"list": "initiatives", "autocomplete": "off"}),
    )
    organiser_name = forms.CharField(
        label=_("Ou organisé par"), required=False, max_length=150, validators=[validate_single_line]
    )
    # A member says the price (the unknown one is only for partners' calendars, which give none).
    price = forms.ChoiceField(label=_("Tarif"), choices=[choice for choice in Price.choices if choice[0]])
    price_details = forms.CharField(label=_("Précisions sur le tarif"), required=False, max_length=200)
    registration_url = forms.URLField(
        label=_("Lien d'inscription"), required=False, max_length=500, assume_scheme="https"
    )
    accessibility = forms.CharField(
        label=_("Accessibilité"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Accès en fauteuil, boucle magnétique, interprétation LSF…"),
    )
    image = ImageUploadField(label=_("Image"), required=False)
    image_alt = forms.CharField(label=_("Texte alternatif de l'image"), required=False, max_length=200)
    not_a_duplicate = forms.BooleanField(
        label=_("J'ai vérifié : c'est bien un autre événement que ceux ci-dessus."), required=False
    )

    def __init__(self, *args, instance: Event | None = None, **kwargs) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            start, end = local_naive(instance.start), local_naive(instance.end)
            kwargs["initial"] = {
                **{
                    name: getattr(instance, name)
                    for name in (
                        "title",
                        "summary",
                        "description",
                        "kind",
                        "all_day",
                        "frequency",
                        "interval",
                        "weekdays",
                        "monthly_mode",
                        "until",
                        "count",
                        "attendance",
                        "online_url",
                        "venue_name",
                        "address",
                        "point",
                        "organiser_name",
                        "price",
                        "price_details",
                        "registration_url",
                        "accessibility",
                        "image_alt",
                    )
                },
                "day": start.date(),
                "start_time": start.time(),
                "end_time": end.time(),
                "end_day": end.date() if end.date() != start.date() else None,
                "excluded_dates": ", ".join(f"{d:%d/%m/%Y}" for d in instance.excluded_dates),
                "themes": list(instance.themes.all()),
                "tags": ", ".join(instance.tags.names()),
                "commune_name": instance.commune.name if instance.commune else "",
                "place_initiative": instance.place_initiative.name if instance.place_initiative else "",
                "organiser_initiative": instance.organiser_initiative.name if instance.organiser_initiative else "",
            }
        super().__init__(*args, **kwargs)
        self.duplicates: list[Any] = []

    def clean_place_initiative(self) -> Any:
        return _published_initiative(self.cleaned_data["place_initiative"])

    def clean_organiser_initiative(self) -> Any:
        return _published_initiative(self.cleaned_data["organiser_initiative"])

    def clean(self) -> Any:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("day") is not None and self._clean_when(cleaned):
            self._clean_repeat(cleaned)
        self._clean_where(cleaned)
        if not (cleaned.get("organiser_initiative") or cleaned.get("organiser_name")):
            self.add_error("organiser_name", _("Indiquez qui organise : une initiative de la carte ou un nom."))
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Décrivez l'image en quelques mots : c'est obligatoire avec une image."))
        return cleaned

    def _clean_when(self, cleaned: dict) -> bool:
        """`start` and `end` from the day, the times and « toute la journée »; False when no start."""
        day, all_day = cleaned["day"], cleaned.get("all_day")
        start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
        if not all_day and start_time is None:
            self.add_error("start_time", _("Indiquez l'heure de début, ou cochez « Toute la journée »."))
            return False
        start = datetime.combine(day, start_time if start_time and not all_day else time.min, tzinfo=PARIS)
        end_day = cleaned.get("end_day") or day
        if all_day:
            end = datetime.combine(end_day, time(23, 59), tzinfo=PARIS)
        else:
            end = datetime.combine(end_day, end_time, tzinfo=PARIS) if end_time else start + timedelta(hours=2)
        if end < start:
            self.add_error("end_time", _("La fin doit venir après le début."))
        cleaned["start"], cleaned["end"] = start, end
        return True

    def _clean_repeat(self, cleaned: dict) -> None:
        frequency, day = cleaned.get("frequency"), cleaned["day"]
        if not frequency:
            return
        if not (cleaned.get("until") or cleaned.get("count")):
            self.add_error("until", _("Une répétition a une fin : une date « jusqu'au » ou un nombre de fois."))
        if cleaned.get("until") and cleaned["until"] < day:
            self.add_error("until", _("La date de fin de la répétition doit suivre la première date."))
        if frequency == "WEEKLY" and cleaned.get("weekdays") and day.weekday() not in cleaned["weekdays"]:
            cleaned["weekdays"] = sorted({*cleaned["weekdays"], day.weekday()})

    def _clean_where(self, cleaned: dict) -> None:
        attendance = cleaned.get("attendance")
        if attendance in (Attendance.ONLINE, Attendance.HYBRID) and not cleaned.get("online_url"):
            self.add_error("online_url", _("Donnez le lien de connexion d'un événement en ligne."))
        if attendance in (Attendance.ON_SITE, Attendance.HYBRID):
            place = cleaned.get("place_initiative")
            if place is None and cleaned.get("commune_name") is None and "commune_name" not in self.errors:
                self.add_error(
                    "commune_name", _("Indiquez la commune, ou une initiative de la carte qui accueille l'événement.")
                )

    def check_duplicates(self) -> bool:
        """Events the same day with a similar title in the same commune; True when saving may go on."""
        data = self.cleaned_data
        commune = data.get("commune_name") or (
            data["place_initiative"].commune if data.get("place_initiative") else None
        )
        day_start = data["start"].replace(hour=0, minute=0)
        candidates = (
            Event.objects.filter(
                status__in=[Status.PUBLISHED, Status.PENDING],
                occurrences__start__gte=day_start,
                occurrences__start__lt=day_start + timedelta(days=1),
            )
            .annotate(similarity=TrigramSimilarity("title", data["title"]))
            .filter(similarity__gte=0.4)
        )
        if commune is not None:
            candidates = candidates.filter(commune=commune)
        if self.instance is not None:
            candidates = candidates.exclude(pk=self.instance.pk)
        self.duplicates = list(candidates.distinct()[:5])
        return not self.duplicates or bool(data.get("not_a_duplicate"))

    def labels(self) -> dict:
        """The themes and tags chosen, as the services take them."""
        return {"themes": self.cleaned_data.get("themes"), "tags": self.cleaned_data.get("tags")}

    def event(self, *, by: Any) -> Event:
        """The event as the form describes it, not saved: the views hand it to a service
        (services.event_propose or event_update) with the form's themes and tags."""
        event = self.instance or Event(submitted_by=by)
        services.event_fill(event, self.cleaned_data)
        return event


def _same_point(proposed: Any, current: Any) -> bool:
    return proposed is not None and current is not None and proposed.equals_exact(current, 1e-7)


# The fields a change request carries: everything the organiser types (an image is not kept aside).
UNCHANGEABLE = {"image", "image_alt", "not_a_duplicate", "comment"}


class EventChangeForm(EventForm):
    """The organiser's changes to their published event, with a word for the moderators; the event
    itself changes only once staff apply them (services.event_change_request_apply)."""

    comment = forms.CharField(
        label=_("Un mot pour l'équipe de modération"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultatif : pourquoi ce changement (salle changée, date reportée…)."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("image", "image_alt"):
            self.fields.pop(name, None)

    def proposed_changes(self) -> dict:
        """The fields changed, as posted (a line-ending change alone is none)."""
        changes = {}
        for name in self.changed_data:
            if name in UNCHANGEABLE:
                continue
            field = self.fields[name]
            many = isinstance(field.widget, forms.SelectMultiple | forms.CheckboxSelectMultiple)
            value = self.data.getlist(name) if many and hasattr(self.data, "getlist") else self.data.get(name, "")
            initial = self.get_initial_for_field(field, name)
            if isinstance(value, str) and same_value(value, "" if initial is None else str(initial)):
                continue
            if isinstance(field, PointPickerField) and (not value or _same_point(self.cleaned_data.get(name), initial)):
                continue  # no point placed, or the same one (GeoJSON rounds the last decimals)
            changes[name] = value
        return changes

    @classmethod
    def with_changes(cls, event: Any, changes: dict) -> "EventChangeForm":
        """The form as the event is now with the changes applied, bound and ready to validate."""
        current = cls(instance=event)
        data = {
            name: field.prepare_value(current.get_initial_for_field(field, name))
            for name, field in current.fields.items()
            if not isinstance(field, forms.FileField)
        }
        data = {name: value for name, value in data.items() if value not in (None, False)}
        data.update(changes)
        return cls(data=data, instance=event)
