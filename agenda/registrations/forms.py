"""The organiser's settings (seats, dates, up to three questions) and the form people register with."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cresol.core.forms import EmailAddressField, HoneypotMixin
from cresol.core.validators import validate_single_line

from .models import MAX_CAPACITY, MAX_QUESTIONS, QuestionKind, Registration, Status

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"]
WHOLE_EVENT = ""


def _datetime_field(label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class RegistrationSettingsForm(forms.Form):
    """Opening registration, or changing it: the questions are three fixed slots (label, kind,
    choices), a form a member fills without any script."""

    capacity = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=MAX_CAPACITY)
    opens_at = _datetime_field(_("Ouverture des inscriptions"), _("Vide : dès maintenant."))
    closes_at = _datetime_field(_("Clôture des inscriptions"), _("Vide : au début de l'événement."))
    waiting_list = forms.BooleanField(
        label=_("Liste d'attente quand c'est complet"),
        required=False,
        initial=True,
        help_text=_("Quand une personne se désinscrit, la première de la liste reçoit sa place et un e-mail."),
    )

    def __init__(self, *args: Any, dates: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if dates:  # a series, registration not yet open: for all its dates, or for one
            choices: list[tuple[str, Any]] = [(WHOLE_EVENT, _("Toutes les dates ensemble (un cycle, une formation)"))]
            choices += [(str(occurrence.pk), _date_label(occurrence)) for occurrence in dates]
            self.fields["occurrence"] = forms.ChoiceField(
                label=_("Pour quelles dates ?"), choices=choices, required=False
            )
            self.order_fields(["occurrence"])
        for index in range(MAX_QUESTIONS):
            number = index + 1
            self.fields[f"q{index}_label"] = forms.CharField(
                label=_("Question %(n)d") % {"n": number},
                required=False,
                max_length=200,
                validators=[validate_single_line],
                help_text=_("Facultative. Par exemple : « Régime alimentaire ? »"),
            )
            self.fields[f"q{index}_kind"] = forms.ChoiceField(
                label=_("Type de réponse (question %(n)d)") % {"n": number},
                choices=QuestionKind.choices,
                required=False,
                initial=QuestionKind.TEXT,
            )
            self.fields[f"q{index}_choices"] = forms.CharField(
                label=_("Réponses proposées (question %(n)d)") % {"n": number},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Pour un choix : une réponse par ligne."),
            )
            self.fields[f"q{index}_required"] = forms.BooleanField(
                label=_("Réponse obligatoire (question %(n)d)") % {"n": number}, required=False
            )

    def question_rows(self) -> list[list[Any]]:
        """The fields of each question, for the template's fieldsets."""
        return [
            [self[f"q{index}_{part}"] for part in ("label", "kind", "choices", "required")]
            for index in range(MAX_QUESTIONS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        questions = []
        for index in range(MAX_QUESTIONS):
            label = (data.get(f"q{index}_label") or "").strip()
            if not label:
                continue
            kind = data.get(f"q{index}_kind") or QuestionKind.TEXT
            choices = [
                line.strip()[:100] for line in (data.get(f"q{index}_choices") or "").splitlines() if line.strip()
            ]
            if kind == QuestionKind.CHOICE and len(choices) < 2:
                self.add_error(f"q{index}_choices", _("Proposez au moins deux réponses, une par ligne."))
            questions.append(
                {
                    "label": label,
                    "kind": kind,
                    "choices": choices if kind == QuestionKind.CHOICE else [],
                    "required": bool(data.get(f"q{index}_required")),
                }
            )
        data["questions"] = questions
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("La clôture vient après l'ouverture."))
        return data

    def chosen_date(self) -> str:
        return self.cleaned_data.get("occurrence") or WHOLE_EVENT


def settings_initial(registration: Registration) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "capacity": registration.capacity,
        "opens_at": timezone.localtime(registration.opens_at) if registration.opens_at else None,
        "closes_at": timezone.localtime(registration.closes_at) if registration.closes_at else None,
        "waiting_list": registration.waiting_list,
    }
    for index, question in enumerate(registration.questions):
        initial[f"q{index}_label"] = question["label"]
        initial[f"q{index}_kind"] = question["kind"]
        initial[f"q{index}_choices"] = "\n".join(question.get("choices", []))
        initial[f"q{index}_required"] = question.get("required", False)
    return initial


def _date_label(occurrence: Any) -> str:
    return f"{timezone.localtime(occurrence.start):%d/%m/%Y %H:%M}"


def _question_field(question: dict[str, Any]) -> forms.Field:
    required = bool(question.get("required"))
    if question.get("kind") == QuestionKind.CHOICE:
        choices = [(choice, choice) for choice in question.get("choices", [])]
        if not required:
            choices = [("", _("(pas de réponse)")), *choices]
        return forms.ChoiceField(label=question["label"], choices=choices, required=required)
    return forms.CharField(
        label=question["label"], required=required, max_length=300, validators=[validate_single_line]
    )


class RegistrantForm(HoneypotMixin, forms.Form):
    """Name and address for a visitor (a member's come from their account), and the organiser's questions."""

    name = forms.CharField(label=_("Votre nom"), max_length=120, validators=[validate_single_line])
    email = EmailAddressField(
        label=_("Votre adresse e-mail"),
        help_text=_(
            "Un lien vous y sera envoyé pour confirmer l'inscription ; elle n'est montrée qu'à l'organisation."
        ),
    )

    def __init__(self, *args: Any, registration: Registration, member: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        if member is not None:
            del self.fields["name"], self.fields["email"], self.fields["website"]
        else:
            self.fields["name"].widget.attrs["autocomplete"] = "name"
            self.fields["email"].widget.attrs["autocomplete"] = "email"
        for index, question in enumerate(registration.questions):
            self.fields[f"question_{index}"] = _question_field(question)

    @property
    def person(self) -> tuple[str, str]:
        if self.member is not None:
            return self.member.display_name, self.member.email
        return self.cleaned_data["name"], self.cleaned_data["email"]

    def answers(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if name.startswith("question_")}


class WriteForm(forms.Form):
    to = forms.MultipleChoiceField(
        label=_("À qui ?"),
        choices=[(Status.CONFIRMED, _("Les personnes inscrites")), (Status.WAITING, _("La liste d'attente"))],
        initial=[Status.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=_("Objet"), max_length=150, validators=[validate_single_line])
    message = forms.CharField(
        label=_("Message"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Chaque personne le reçoit seule ; une réponse vous arrive à votre adresse e-mail."),
    )
