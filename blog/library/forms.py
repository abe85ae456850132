"""Proposing a resource: its description, a file or a link, what it relates to."""

import re
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from agenda.models import Event
from blog.forms import NamesField, find_initiative
from blog.models import Dossier
from cresol.core.validators import validate_single_line
from cresol.themes.models import Theme

from .models import Kind, Licence
from .validators import validate_resource_file

KEPT_FILE_SALT = "library.kept-file"
EVENT_ADDRESS = re.compile(r"/agenda/(?P<slug>[-a-zA-Z0-9_]+)/?$")


class EventAddressesField(forms.CharField):
    """Addresses of agenda events, one per line (copied from the browser): a training's dates."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value) or ""
        ProhibitNullCharactersValidator()(value)
        events = []
        for line in [line.strip() for line in value.splitlines() if line.strip()][:20]:
            match = EVENT_ADDRESS.search(line.split("?")[0].split("#")[0])
            event = Event.objects.published().filter(slug=match["slug"]).first() if match else None
            if event is None:
                raise ValidationError(
                    _("« %(line)s » n'est pas l'adresse d'un événement publié de l'agenda."),
                    params={"line": line[:120]},
                )
            events.append(event)
        return events


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200, validators=[validate_single_line])
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deux ou trois phrases : à qui elle sert, ce qu'on y trouve."),
    )
    kind = forms.ChoiceField(label=_("Type de ressource"), choices=Kind.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thématiques"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    author_name = forms.CharField(
        label=_("Autrice, auteur ou organisation"), max_length=200, validators=[validate_single_line]
    )
    year = forms.IntegerField(label=_("Année"), required=False, min_value=1900, max_value=2100)
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY_SA,
        help_text=_(
            "Les licences libres (CC BY-SA, CC BY, CC0, Licence Ouverte, GPL) permettent à chacun de "
            "reprendre et d'adapter la ressource : c'est ce que le réseau encourage."
        ),
    )
    file = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_("PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, EPUB, CSV, TXT, MP3, OGG ou MP4 ; 20 Mo au plus."),
    )
    kept_file = forms.CharField(required=False, widget=forms.HiddenInput)
    link = forms.URLField(
        label=_("Ou un lien"),
        required=False,
        max_length=500,
        help_text=_("Vers la ressource en ligne, si elle n'est pas un fichier à déposer."),
    )
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Facultatif, en Markdown : sommaire, public, durée, conditions…"),
    )
    related_initiatives = NamesField(
        label=_("Initiatives liées"),
        required=False,
        lookup=find_initiative,
        help_text=_("Leurs noms sur la carte, séparés par des virgules."),
    )
    related_dossiers = forms.ModelMultipleChoiceField(
        label=_("Dossiers liés"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        queryset=Dossier.objects.filter(is_published=True),
    )
    events = EventAddressesField(
        label=_("Dates dans l'agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Pour une formation : l'adresse de chaque événement de l'agenda, une par ligne."),
    )

    def __init__(self, *args, has_file: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_file = has_file  # a correction keeps the file already there unless another is sent

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            validate_resource_file(upload)
        return upload

    def clean(self) -> Any:
        super().clean()
        data = self.cleaned_data
        kept = self.kept_file_name()
        if not (data.get("file") or kept or self.has_file or data.get("link")) and "file" not in self.errors:
            self.add_error("file", _("Déposez un fichier ou donnez un lien vers la ressource."))
        return data

    def kept_file_name(self) -> str:
        """A file sent with a form that came back with errors, kept so it need not be chosen again."""
        try:
            return signing.loads(self.data.get("kept_file", ""), salt=KEPT_FILE_SALT, max_age=86400)
        except signing.BadSignature:
            return ""

    @staticmethod
    def sign_kept_file(name: str) -> str:
        return signing.dumps(name, salt=KEPT_FILE_SALT)
