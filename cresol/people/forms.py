"""The member's profile form and the contact form a visitor sends."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from cresol.core.relay import RelayForm
from cresol.core.validators import validate_single_line
from cresol.territories.fields import CommuneField
from cresol.territories.models import EPCI, Commune, Departement, Pays
from cresol.themes.models import Theme

from .models import Skill

MAX_COMMUNES = 30


class CommunesField(forms.CharField):
    """Communes typed by name or postal code, separated by commas, each resolved like CommuneField."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        typed = [part.strip() for part in (super().clean(value) or "").split(",") if part.strip()]
        if len(typed) > MAX_COMMUNES:
            raise forms.ValidationError(
                _t("%(count)s communes au plus : choisissez plutôt leur intercommunalité.") % {"count": MAX_COMMUNES}
            )
        communes, unknown = [], []
        for name in typed:
            commune = Commune.objects.search(name).first()
            (communes.append(commune) if commune else unknown.append(name))
        if unknown:
            raise forms.ValidationError(
                _t("Aucune commune de Centre-Val de Loire ne correspond à : %(names)s.")
                % {"names": ", ".join(f"« {name} »" for name in unknown)}
            )
        return list(dict.fromkeys(communes))


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=120,
        validators=[validate_single_line],
        help_text=_("Tel qu'il apparaîtra sur l'annuaire : un prénom et un nom, ou un prénom seul."),
    )
    structure = forms.CharField(
        label=_("Structure"),
        max_length=200,
        required=False,
        validators=[validate_single_line],
        help_text=_("L'association, la coopérative ou la collectivité où vous agissez, s'il y en a une."),
    )
    base_commune = CommuneField(
        label=_("Commune de rattachement"),
        help_text=_("Là où vous êtes basé·e : votre repère sur la carte. Nom ou code postal."),
    )
    departements = forms.ModelMultipleChoiceField(
        label=_("Départements où vous intervenez"),
        queryset=Departement.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    epcis = forms.ModelMultipleChoiceField(
        label=_("Intercommunalités où vous intervenez"),
        queryset=EPCI.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    pays = forms.ModelMultipleChoiceField(
        label=_("Pays où vous intervenez"),
        queryset=Pays.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("PETR, Pays ou pôle métropolitain : plusieurs intercommunalités ensemble."),
    )
    communes = CommunesField(
        label=_("Communes où vous intervenez"),
        required=False,
        help_text=_("Séparées par des virgules, par exemple « Vierzon, Mehun-sur-Yèvre »."),
    )
    skills = forms.MultipleChoiceField(
        label=_("Compétences"), choices=Skill.choices, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thématiques"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    bio = forms.CharField(
        label=_("Présentation"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Quelques lignes, 1 500 caractères au plus : votre parcours, ce que vous proposez."),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que ce profil soit public. Mon adresse e-mail reste cachée : on m'écrit par un "
            "formulaire et je peux retirer mon profil à tout moment."
        ),
    )

    def clean(self) -> Any:
        super().clean()
        cleaned = self.cleaned_data
        if not any(cleaned.get(name) for name in ("departements", "epcis", "pays", "communes")) and not self.has_error(
            "communes"
        ):
            self.add_error(
                "departements",
                _t(
                    "Indiquez au moins un territoire où vous intervenez : un département, une intercommunalité, "
                    "un Pays ou des communes."
                ),
            )
        return cleaned


# The contact form a visitor sends: the shared relay's (cresol/core/relay.py).
ContactForm = RelayForm
