"""The alert a visitor or a member makes from a page: which sections it watches (the page's, and others
if they like), what it keeps of the page's filters (words, themes, a territory or a radius around a
commune), how often, and where to send it."""

from typing import Any

from django import forms
from django.contrib.gis.geos import Point
from django.http import QueryDict
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from cresol.core.forms import EmailAddressField, HoneypotMixin
from cresol.territories.fields import CommuneField
from cresol.territories.models import EPCI, Commune, Departement, Pays
from cresol.themes.models import Theme

from .models import Frequency
from .registry import source_of, sources

MAX_RADIUS_KM = 100
TERRITORY_FIELDS = ("departement", "epci", "pays", "commune")


def _source_choices() -> list[tuple[str, str]]:
    return [
        (source.key, f"{str(source.what)[0].upper()}{str(source.what)[1:]} ({source.name})") for source in sources()
    ]


class AlertForm(HoneypotMixin, forms.Form):
    sources = forms.MultipleChoiceField(
        label=_("Me prévenir de"),
        choices=_source_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une rubrique à suivre.")},
    )
    words = forms.CharField(
        label=_("Mots-clés"),
        max_length=200,
        required=False,
        help_text=_("Par exemple « jardins partagés » : les contenus qui contiennent ces mots."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thématiques"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune cochée : toutes."),
    )
    commune = CommuneField(label=_("Commune"), required=False, help_text=_("Nom ou code postal."))
    radius_km = forms.IntegerField(
        label=_("Rayon autour de la commune, en km"),
        min_value=1,
        max_value=MAX_RADIUS_KM,
        required=False,
        help_text=_("Vide : la commune seule."),
    )
    departement = forms.ModelChoiceField(
        label=_("Ou un département"),
        queryset=Departement.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("—"),
    )
    epci = forms.ModelChoiceField(
        label=_("Ou une intercommunalité"),
        queryset=EPCI.objects.order_by("name"),
        to_field_name="siren",
        required=False,
        empty_label=_("—"),
    )
    pays = forms.ModelChoiceField(
        label=_("Ou un Pays"),
        queryset=Pays.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("—"),
    )
    frequency = forms.ChoiceField(
        label=_("Recevoir un e-mail"), choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )
    email = EmailAddressField(
        label=_("Votre adresse e-mail"), help_text=_("Un e-mail vous demandera de confirmer l'alerte.")
    )

    def __init__(self, *args: Any, member: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.attrs.update({"list": "communes", "autocomplete": "off"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if member is not None:  # a member's alert goes to their own, verified, address
            del self.fields["email"]
            self.member_email = member.email

    @property
    def email_address(self) -> str:
        return getattr(self, "member_email", None) or self.cleaned_data["email"]

    def clean(self) -> Any:
        cleaned = super().clean() or {}
        named = [name for name in TERRITORY_FIELDS if cleaned.get(name)]
        if len(named) > 1:
            self.add_error(
                named[0],
                _t("Choisissez un seul territoire : un département, une intercommunalité, un Pays ou une commune."),
            )
        if cleaned.get("radius_km") and not cleaned.get("commune") and not self.has_error("commune"):
            self.add_error("radius_km", _t("Indiquez la commune autour de laquelle chercher."))
        return cleaned


def initial_from_page(query: QueryDict) -> dict[str, Any]:
    """What a page's own filters (its query string) give the alert's form: its words, themes, territory,
    or the place and radius of "près de moi" (lat, lon, rayon). Unknown or bad values are left out: the
    person sees the form and completes it."""
    initial: dict[str, Any] = {"sources": [key for key in query.getlist("source") if source_of(key) is not None]}
    if words := query.get("q", "").strip()[:200]:
        initial["words"] = words
    slugs = [slug for slug in query.getlist("theme") if slug]
    if slugs:
        initial["themes"] = list(Theme.objects.filter(slug__in=slugs))
    territories: tuple[tuple[str, Any, str], ...] = (
        ("departement", Departement, "code"),
        ("epci", EPCI, "siren"),
        ("pays", Pays, "slug"),
    )
    for name, model, field in territories:
        value = query.get(name, "").strip()[:200]
        territory = model.objects.filter(**{field: value}).first() if value else None
        if territory is not None:
            initial[name] = territory
    typed = query.get("commune", "").strip()[:100]
    commune = Commune.objects.named(typed).first() if typed else None
    if commune is not None:
        initial["commune"] = commune.name
    try:
        lat, lon = float(query.get("lat", "")), float(query.get("lon", ""))
        radius = int(query.get("rayon", ""))
    except ValueError:
        return initial
    there = (
        Commune.objects.containing(Point(lon, lat, srid=4326)).first()
        if -90 <= lat <= 90 and -180 <= lon <= 180
        else None
    )
    if there is not None and 0 < radius <= MAX_RADIUS_KM:
        initial.update(commune=there.name, radius_km=radius)
    return initial
