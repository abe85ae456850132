"""Form fields every section's forms use, and how a view binds its form."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from .validators import validate_email_address


class TagsField(forms.CharField):
    """Comma-separated keywords, as members type them: trimmed, lower-cased, each once, 15 of 50
    characters at most. Gives a sorted list for taggit."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Mots-clés"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Séparés par des virgules."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        ProhibitNullCharactersValidator()(value)  # before the tags reach a query
        tags = [tag.strip().lower() for tag in value.split(",") if tag.strip()]
        if any(len(tag) > 50 for tag in tags):
            raise ValidationError(_("Un mot-clé compte 50 caractères au plus."))
        if len(tags) > 15:
            raise ValidationError(_("15 mots-clés au plus."))
        return sorted(set(tags))


class EmailAddressField(forms.EmailField):
    """An e-mail address as the portal takes them everywhere (cresol.core.validators.validate_email_address)."""

    default_validators = [validate_email_address]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form with: the POST's, or None for a page shown for the first time.

    Not `request.POST or None`: a POST with no field at all (a robot, an emptied form) would leave the
    form unbound, and any error added to it (a rate limit) would raise instead of being shown."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> "MultiValueDict[str, UploadedFile[Any]] | None":
    """The uploaded files to bind a form with, as `posted`."""
    return request.FILES if request.method == "POST" else None


class HoneypotMixin:
    """A field people do not see (hidden by CSS — the `honeypot` class around it —, skipped by keyboards
    and screen readers) that bots fill: their post is then thanked and dropped (`is_from_a_bot`). Mixed
    into every form anyone may send without an account; templates render `form.website` in its box."""

    fields: dict[str, Any]
    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"] = forms.CharField(
            required=False,
            label=_("Ne pas remplir ce champ"),
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @property
    def is_from_a_bot(self) -> bool:
        return bool(self.data.get("website"))
