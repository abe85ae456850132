from django import forms
from django.utils.translation import gettext_lazy as _

from cresol.core.forms import EmailAddressField


class SubscribeForm(forms.Form):
    email = EmailAddressField(label=_("Votre adresse e-mail"))
    # A field people do not see (hidden by CSS, skipped by keyboards and screen readers); bots fill it.
    website = forms.CharField(required=False, label=_("Ne pas remplir ce champ"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_from_a_bot(self) -> bool:
        return bool(self.data.get("website"))
