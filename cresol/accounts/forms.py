from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cresol.core.validators import single_line
from cresol.territories.fields import CommuneField

from .models import User


class SignupForm(forms.Form):
    """What allauth's sign-up asks beside the e-mail and password: the public name, and the charter."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=100,
        help_text=_(
            "Le nom montré avec vos contributions : vos prénom et nom, ou le nom de votre structure. "
            "Votre adresse e-mail n'est jamais affichée."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    charter = forms.BooleanField(
        label=_("J'ai lu la charte de contribution et je m'engage à la respecter"),
    )

    field_order = ["display_name", "email", "password1", "password2", "charter"]

    def clean_display_name(self) -> Any:
        return single_line(self.cleaned_data["display_name"])

    def signup(self, request: HttpRequest, user: Any) -> None:
        """allauth asks for this hook; the name is already saved, by AccountAdapter.save_user."""


class ProfileForm(forms.ModelForm):
    """The member's public profile. The commune is typed as a name or an INSEE code."""

    commune_name = CommuneField(
        label=_("Commune"),
        required=False,
        help_text=_("Nom ou code postal de votre commune en Centre-Val de Loire, par exemple « Tours »."),
    )

    class Meta:
        model = User
        fields = ["display_name", "organisation"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.commune_id and not self.is_bound:
            self.fields["commune_name"].initial = self.instance.commune.name

    def save(self, commit: bool = True) -> Any:
        self.instance.commune = self.cleaned_data["commune_name"]
        return super().save(commit=commit)
