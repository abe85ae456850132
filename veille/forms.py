from django import forms
from django.utils.translation import gettext_lazy as _

from cresol.core.forms import TagsField
from cresol.core.validators import validate_single_line
from cresol.themes.models import Theme


class ShareForm(forms.Form):
    url = forms.URLField(label=_("Adresse de la page"), max_length=1000, assume_scheme="https")
    title = forms.CharField(label=_("Titre"), max_length=300, validators=[validate_single_line])
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    comment = forms.CharField(
        label=_("Pourquoi c'est utile"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("En une ou deux phrases : pour qui, pour quoi faire."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thématiques"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = TagsField()
    deadline = forms.DateField(
        label=_("Date limite"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Pour un appel à projets ou un financement."),
    )


class ItemShareForm(forms.Form):
    comment = forms.CharField(
        label=_("Pourquoi c'est utile"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("Date limite"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
