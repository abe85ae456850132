"""Writing to someone whose address stays hidden: a resource person from their profile, the author of a
cooperation from its page. The portal relays the message by e-mail; the recipient sees the sender's
address and answers it directly (Reply-To), or not at all. The form has a honeypot; each view that
offers it declares its own rate limit (cresol/core/ratelimit.py)."""

from typing import Any

from django import forms
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .forms import EmailAddressField, HoneypotMixin
from .validators import single_line, validate_single_line


class RelayForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Votre nom"), max_length=120, validators=[validate_single_line])
    email = EmailAddressField(
        label=_("Votre adresse e-mail"), help_text=_("Transmise avec votre message, pour permettre une réponse.")
    )
    message = forms.CharField(
        label=_("Votre message"),
        min_length=20,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Présentez-vous et dites ce que vous cherchez (20 à 3 000 caractères)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"


def relay(
    *, to: str, subject: str, template: str, context: dict[str, Any], sender_name: str, sender_email: str
) -> None:
    """Send the message (queued in the outbox, in the caller's transaction) with the sender as Reply-To."""
    EmailMessage(
        subject=f"[Cré-sol] {single_line(subject)[:150]}",
        body=render_to_string(template, {**context, "sender_name": sender_name, "sender_email": sender_email}),
        to=[to],
        reply_to=[sender_email],
    ).send()
