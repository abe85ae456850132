"""The radar's form, built from the grid in use: a row of levels and a comment per question."""

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from .models import LEVELS

DONT_KNOW = ""


class AssessmentForm(forms.Form):
    def __init__(self, *args, grid: Any, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.grid = grid
        self.sections = []  # (axis, [(level field, comment field)]) for the template
        for axis in grid.axes.all():
            rows = []
            for question in axis.questions.all():
                level_name, comment_name = f"q{question.pk}", f"c{question.pk}"
                self.fields[level_name] = forms.TypedChoiceField(
                    label=question.text,
                    help_text=question.help_text,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    initial=DONT_KNOW,
                    widget=forms.RadioSelect,
                    choices=[
                        *((str(value), label) for value, label in LEVELS),
                        (DONT_KNOW, _("Je ne sais pas / sans objet")),
                    ],
                )
                self.fields[comment_name] = forms.CharField(
                    label=_("Commentaire (facultatif)"),
                    required=False,
                    max_length=1000,
                    validators=[ProhibitNullCharactersValidator()],
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                rows.append((level_name, comment_name, question))
            self.sections.append((axis, rows))

    def clean(self) -> Any:
        super().clean()
        data = self.cleaned_data
        if not self.errors and all(data.get(name) is None for name in self.fields if name.startswith("q")):
            raise forms.ValidationError(_("Répondez à au moins une question : toutes sont sur « Je ne sais pas »."))
        return data

    def bound_sections(self) -> list[Any]:
        return [
            (axis, [(self[level], self[comment]) for level, comment, _question in rows]) for axis, rows in self.sections
        ]

    def answers(self) -> dict:
        """Question id -> (level or None, comment), as the service takes them."""
        return {
            question.pk: (self.cleaned_data[level], self.cleaned_data[comment])
            for _axis, rows in self.sections
            for level, comment, question in rows
        }
