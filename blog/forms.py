"""Writing a post (with its preview and images inserted into the text), and commenting."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from cresol.core.forms import TagsField
from cresol.core.images import ImageUploadField
from cresol.core.validators import validate_single_line
from cresol.themes.models import Theme
from initiatives.models import Initiative

from .models import Comment, Kind


class NamesField(forms.CharField):
    """Comma-separated names resolved against a queryset; an unknown one is an error beside the field."""

    def __init__(self, *args: Any, lookup: Callable[[str], Any], **kwargs: Any) -> None:
        self.lookup = lookup
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value) or ""
        ProhibitNullCharactersValidator()(value)  # before the names reach a query
        names = [name.strip() for name in value.split(",") if name.strip()]
        found = []
        for name in names[:10]:
            item = self.lookup(name)
            if item is None:
                raise ValidationError(_("« %(name)s » est introuvable."), params={"name": name})
            found.append(item)
        return found


def find_initiative(name: str) -> Any:
    published = Initiative.objects.published()
    return published.filter(name__iexact=name).first() or published.filter(slug=name).first()


class CoauthorNamesField(forms.CharField):
    """Usernames or e-mails, comma-separated, as typed: never looked up here, so that the form cannot
    be used to find out who has an account. Each one gets an invitation (see blog.services)."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value) or ""
        ProhibitNullCharactersValidator()(value)
        names = list(dict.fromkeys(name.strip().lower() for name in value.split(",") if name.strip()))
        if len(names) > 10:
            raise ValidationError(_("10 co-auteurs au plus."))
        if any(len(name) > 254 for name in names):
            raise ValidationError(_("Un identifiant ou une adresse compte 254 caractères au plus."))
        return names


class PostForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200, validators=[validate_single_line])
    lead = forms.CharField(
        label=_("Chapô"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Le paragraphe d'introduction, affiché en tête et dans les listes."),
    )
    body = forms.CharField(
        label=_("Texte"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 22, "class": "markdown-editor"}),
        help_text=_(
            "Markdown : « ## Titre », **gras**, *italique*, « - » pour une liste, [lien](https://…), "
            "tableaux avec « | ». Utilisez « Aperçu » pour voir le rendu."
        ),
    )
    kind = forms.ChoiceField(label=_("Genre"), choices=Kind.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thématiques"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = TagsField()
    related_initiatives = NamesField(
        label=_("Initiatives liées"),
        required=False,
        lookup=find_initiative,
        max_length=1000,
        help_text=_("Noms d'initiatives de la carte, séparés par des virgules."),
    )
    coauthors = CoauthorNamesField(
        label=_("Co-auteurs"),
        required=False,
        max_length=2600,
        help_text=_(
            "Identifiants ou e-mails de membres, séparés par des virgules. Chaque personne reçoit une "
            "invitation et devient co-autrice quand elle l'accepte."
        ),
    )
    cover = ImageUploadField(label=_("Image de couverture"), required=False)
    cover_alt = forms.CharField(label=_("Texte alternatif de la couverture"), required=False, max_length=200)
    insert_image = ImageUploadField(
        label=_("Image à insérer dans le texte"),
        required=False,
        help_text=_("Elle est ajoutée à la fin du texte ; déplacez la ligne où vous voulez."),
    )
    insert_image_alt = forms.CharField(label=_("Texte alternatif de l'image à insérer"), required=False, max_length=200)

    def clean(self) -> Any:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("cover") and not cleaned.get("cover_alt"):
            self.add_error("cover_alt", _("Décrivez l'image de couverture : c'est obligatoire avec une image."))
        if cleaned.get("insert_image") and not cleaned.get("insert_image_alt"):
            self.add_error("insert_image_alt", _("Décrivez l'image à insérer : c'est obligatoire."))
        return cleaned


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"body": _("Markdown simple : **gras**, *italique*, liens, listes.")}
