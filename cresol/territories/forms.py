from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class CommuneLookupForm(forms.Form):
    """The query string of the commune lookup: a name or postal code, or a point to locate."""

    q = forms.CharField(label=_("Nom ou code postal"), max_length=100, required=False)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180, required=False)
    limit = forms.IntegerField(label=_("Nombre de résultats"), min_value=1, max_value=50, required=False)

    def clean(self) -> Any:
        super().clean()
        cleaned = self.cleaned_data
        has_lat, has_lon = cleaned.get("lat") is not None, cleaned.get("lon") is not None
        if has_lat != has_lon:
            raise forms.ValidationError(_("Indiquez à la fois la latitude et la longitude."))
        if not (cleaned.get("q") or has_lat):
            raise forms.ValidationError(_("Indiquez un nom de commune, un code postal ou un point (lat, lon)."))
        return cleaned
