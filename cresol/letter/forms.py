from django import forms
from django.utils.translation import gettext_lazy as _

from cresol.core.forms import EmailAddressField, HoneypotMixin


class SubscribeForm(HoneypotMixin, forms.Form):
    email = EmailAddressField(label=_("Votre adresse e-mail"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
