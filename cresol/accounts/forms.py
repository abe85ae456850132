from django import forms
from django.utils.translation import gettext_lazy as _

from cresol.territories.fields import CommuneField

from .models import User


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id and not self.is_bound:
            self.fields["commune_name"].initial = self.instance.commune.name

    def save(self, commit=True):
        self.instance.commune = self.cleaned_data["commune_name"]
        return super().save(commit=commit)
