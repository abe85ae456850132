from django import forms
from django.utils.translation import gettext_lazy as _

from cresol.territories.models import Departement, Pays
from cresol.themes.models import Theme


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    theme = forms.ModelChoiceField(
        label=_("Thématique"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes"),
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Departement.objects.defer("geom").order_by("code"),  # outlines are heavy, and unused here
        to_field_name="code",
        required=False,
        empty_label=_("Toute la région"),
    )
    pays = forms.ModelChoiceField(
        label=_("Pays"),
        queryset=Pays.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les Pays"),
    )
