"""The member's need or offer, and the answer a visitor sends (the shared relay's form)."""

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from cresol.core.relay import RelayForm
from cresol.core.validators import validate_single_line
from cresol.territories.fields import CommuneField
from cresol.themes.models import Theme

from ..models import Initiative
from .models import MAX_RADIUS_KM, Direction, Kind, Scope
from .services import pays_of

LONGEST = timedelta(days=366)  # an announcement runs a year at most: past that, nobody reads it again


class CooperationForm(forms.Form):
    direction = forms.ChoiceField(label=_("Vous…"), choices=Direction.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Quoi ?"), choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Titre"),
        max_length=140,
        validators=[validate_single_line],
        help_text=_("En quelques mots, par exemple « Une salle pour 30 personnes un samedi par mois »."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce que vous cherchez ou proposez, quand, à quelles conditions (2 000 caractères au plus)."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Au nom de"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("En mon nom"),
        help_text=_("Une initiative que vous avez inscrite sur la carte, ou vous-même."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thématiques"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    commune = CommuneField(
        label=_("Commune"), help_text=_("Où se trouve ce qui est cherché ou proposé. Nom ou code postal.")
    )
    scope = forms.ChoiceField(
        label=_("Jusqu'où ?"),
        choices=Scope.choices,
        initial=Scope.COMMUNE,
        widget=forms.RadioSelect,
        help_text=_("Le territoire où l'annonce est montrée et rapprochée des autres."),
    )
    radius_km = forms.IntegerField(
        label=_("Rayon en kilomètres"),
        min_value=1,
        max_value=MAX_RADIUS_KM,
        required=False,
        help_text=_("Seulement pour « Un rayon autour de la commune » : de 1 à 100 km."),
    )
    ends_on = forms.DateField(
        label=_("Jusqu'au"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Après cette date, l'annonce quitte les listes (elle reste dans votre espace). Un an au plus."),
    )

    def __init__(self, *args: Any, author: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = (  # type: ignore[attr-defined]  # a ModelChoiceField
            Initiative.objects.published().filter(submitted_by=author).order_by("name").only("id", "name")
        )

    def clean_ends_on(self) -> Any:
        ends_on = self.cleaned_data["ends_on"]
        today = timezone.localdate()
        if ends_on < today:
            raise forms.ValidationError(_t("Cette date est passée : choisissez une date à venir."))
        if ends_on > today + LONGEST:
            raise forms.ValidationError(_t("Un an au plus : vous pourrez prolonger l'annonce ensuite."))
        return ends_on

    def clean(self) -> Any:
        cleaned = super().clean() or {}
        scope, commune = cleaned.get("scope"), cleaned.get("commune")
        if scope == Scope.RADIUS and not cleaned.get("radius_km") and not self.has_error("radius_km"):
            self.add_error("radius_km", _t("Indiquez le rayon, en kilomètres."))
        if scope == Scope.PAYS and commune is not None and pays_of(commune) is None:
            self.add_error(
                "scope",
                _t(
                    "%(commune)s n'appartient à aucun Pays connu du portail : choisissez son intercommunalité "
                    "ou son département."
                )
                % {"commune": commune.name},
            )
        if scope == Scope.EPCI and commune is not None and commune.epci_id is None:
            self.add_error("scope", _t("%(commune)s n'a pas d'intercommunalité connue.") % {"commune": commune.name})
        return cleaned


def initial_of(cooperation: Any) -> dict[str, Any]:
    """The form's values for a cooperation being changed."""
    return {
        "direction": cooperation.direction,
        "kind": cooperation.kind,
        "title": cooperation.title,
        "description": cooperation.description,
        "initiative": cooperation.initiative_id,
        "themes": list(cooperation.themes.all()),
        "commune": cooperation.commune.name,
        "scope": cooperation.scope,
        "radius_km": cooperation.radius_km,
        "ends_on": cooperation.ends_on,
    }


# The answer a visitor sends to the author: the shared relay's form (cresol/core/relay.py).
AnswerForm = RelayForm
