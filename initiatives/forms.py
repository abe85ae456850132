"""The forms members fill: propose or edit an initiative, suggest changes, report a problem."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from cresol.core.forms import EmailAddressField, HoneypotMixin, TagsField
from cresol.core.images import ImageUploadField
from cresol.core.validators import validate_single_line
from cresol.territories.fields import CommuneField, PointPickerField
from cresol.themes.models import Theme

from .duplicates import possible_duplicates
from .hours_field import OpeningHoursField
from .models import Initiative, Kind, Report
from .validators import validate_siret


class LinesOfURLsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> Any:
        lines = [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError as error:
                raise ValidationError(
                    _("« %(line)s » n'est pas une adresse web (https://…)."), params={"line": line}
                ) from error
        if len(lines) > 10:
            raise ValidationError(_("10 liens au plus."))
        return lines


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Nom de l'initiative"), max_length=150, validators=[validate_single_line])
    summary = forms.CharField(
        label=_("Description courte"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        help_text=_("Une ou deux phrases, 300 caractères au plus : elles apparaissent sur la carte et dans la liste."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Mise en forme possible (Markdown) : **gras**, *italique*, listes avec « - », liens [texte](https://…)."
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thématiques"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Une ou plusieurs ; la première de la liste donne sa couleur au marqueur."),
    )
    tags = TagsField(
        label=_("Mots-clés"), required=False, help_text=_("Séparés par des virgules : vrac, vélo, couture…")
    )
    kind = forms.ChoiceField(label=_("Type de structure"), choices=[("", "—"), *Kind.choices])
    siret = forms.CharField(
        label=_("SIRET"), required=False, max_length=17, help_text=_("14 chiffres, si la structure en a un.")
    )
    address = forms.CharField(label=_("Adresse"), required=False, max_length=255, validators=[validate_single_line])
    commune_name = CommuneField(
        label=_("Commune"),
        help_text=_("Nom ou code postal, par exemple « Vierzon » ou « 18100 »."),
    )
    point = PointPickerField(
        label=_("Position sur la carte"),
        required=False,
        help_text=_(
            "Cliquez sur l'outil marqueur puis sur la carte. "
            "Sans position, l'initiative est placée au centre de sa commune."
        ),
    )
    website = forms.URLField(label=_("Site web"), required=False, max_length=300, assume_scheme="https")
    email = EmailAddressField(label=_("E-mail public"), required=False)
    phone = forms.CharField(label=_("Téléphone"), required=False, max_length=30)
    social_links = LinesOfURLsField(label=_("Réseaux sociaux"), required=False, help_text=_("Une adresse par ligne."))
    opening_hours = OpeningHoursField(label=_("Horaires d'ouverture"), required=False)
    opening_hours_note = forms.CharField(
        label=_("Précisions sur les horaires"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ce que la grille ne dit pas : « fermé en août », « sur rendez-vous le jeudi »…"),
    )
    image = ImageUploadField(label=_("Logo ou photo"), required=False)
    image_alt = forms.CharField(
        label=_("Texte alternatif de l'image"),
        required=False,
        max_length=200,
        help_text=_("Décrivez l'image pour les personnes qui ne la voient pas."),
    )
    founded_year = forms.IntegerField(label=_("Année de création"), required=False, min_value=1800, max_value=2100)
    not_a_duplicate = forms.BooleanField(
        label=_("J'ai vérifié : il s'agit bien d'une autre initiative que celles ci-dessus."), required=False
    )

    def __init__(self, *args, instance: Initiative | None = None, **kwargs) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    field: getattr(instance, field)
                    for field in (
                        "name",
                        "summary",
                        "description",
                        "kind",
                        "siret",
                        "address",
                        "website",
                        "email",
                        "phone",
                        "opening_hours",
                        "opening_hours_note",
                        "image_alt",
                        "founded_year",
                    )
                },
                "themes": list(instance.themes.all()),
                "tags": ", ".join(tag.name for tag in instance.tags.all()),
                "commune_name": instance.commune.name,
                "point": instance.point,
                "social_links": "\n".join(instance.social_links),
            }
        super().__init__(*args, **kwargs)
        self.duplicates: list[Any] = []

    def clean_siret(self) -> Any:
        siret = self.cleaned_data["siret"].replace(" ", "")
        if siret:
            validate_siret(siret)
        return siret

    def clean(self) -> Any:
        super().clean()
        cleaned = self.cleaned_data
        if not (cleaned.get("website") or cleaned.get("email") or cleaned.get("phone")):
            raise ValidationError(
                _("Indiquez au moins un moyen de contact : site web, e-mail ou téléphone."), code="no_contact"
            )
        has_image = cleaned.get("image") or (
            self.instance and self.instance.image and cleaned.get("image") is not False
        )
        if has_image and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Décrivez l'image en quelques mots : c'est obligatoire avec une image."))
        cleaned["commune"] = cleaned.pop("commune_name", None)
        return cleaned

    def check_duplicates(self) -> bool:
        """Look for similar initiatives; True when the form may be saved (none, or the member confirmed)."""
        data = self.cleaned_data
        self.duplicates = possible_duplicates(
            name=data["name"],
            point=data.get("point") or data["commune"].point,
            website=data.get("website", ""),
            siret=data.get("siret", ""),
            exclude_pk=self.instance.pk if self.instance else None,
        )
        return not self.duplicates or bool(data.get("not_a_duplicate"))


class ChangeRequestForm(InitiativeForm):
    comment = forms.CharField(
        label=_("Pourquoi ces changements ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultatif : aidez l'équipe de modération à vérifier (source, lien…)."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["image"]
        del self.fields["not_a_duplicate"]


class ReportForm(HoneypotMixin, forms.ModelForm):
    email = EmailAddressField(label=_("e-mail (facultatif)"), required=False)

    class Meta:
        model = Report
        fields = ["reason", "comment", "email"]
        widgets = {"reason": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No "---------" radio, checked before anyone chose: the person picks the reason.
        self.fields["reason"].choices = Report.Reason.choices
