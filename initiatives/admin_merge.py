"""The admin's page to merge two records of one initiative: side by side, a value chosen per field.
Reached from a selection of two initiatives in the list, or from an initiative's possible duplicates."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cresol.accounts.requests import staff_member
from cresol.moderation.models import Status

from . import merging
from .models import Initiative

PERMISSION = "initiatives.change_initiative"


def _default_kept(first: Initiative, second: Initiative) -> Initiative:
    """The published one, else the older: its address is the one people already know."""
    if (first.status == Status.PUBLISHED) != (second.status == Status.PUBLISHED):
        return first if first.status == Status.PUBLISHED else second
    return first if first.pk < second.pk else second


def _shown(initiative: Initiative, field: str) -> str:
    value = getattr(initiative, field)
    if field == "point" and value is not None:
        return f"{value.y:.5f}, {value.x:.5f}"
    if field == "commune":
        return str(initiative.commune)
    if field == "image":
        return value.name if value else ""
    if field == "kind":
        return initiative.get_kind_display()
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _rows(first: Initiative, second: Initiative, picked: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "name": field,
            "label": capfirst(Initiative._meta.get_field(field).verbose_name),  # type: ignore[union-attr]  # fields
            "first": _shown(first, field),
            "second": _shown(second, field),
            "picked": picked[field],
            "same": _shown(first, field) == _shown(second, field),
        }
        for field in merging.CHOSEN_FIELDS
    ]


def merge_view(model_admin: Any, request: HttpRequest, first_pk: int, second_pk: int) -> HttpResponseBase:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    queryset = Initiative.objects.select_related("commune")
    first, second = get_object_or_404(queryset, pk=first_pk), get_object_or_404(queryset, pk=second_pk)
    if first.pk == second.pk:
        messages.error(request, _("Choisissez deux initiatives différentes."))
        return redirect("admin:initiatives_initiative_changelist")
    keep = request.POST.get("keep") or ("first" if _default_kept(first, second) == first else "second")
    kept, other = (first, second) if keep == "first" else (second, first)
    defaults = merging.default_choices(kept, other)
    # The radio buttons say which record's value ("first" or "second"); the service wants kept/other.
    picked = {
        field: request.POST.get(f"field_{field}")
        or ("first" if (defaults[field] == "kept") == (keep == "first") else "second")
        for field in merging.CHOSEN_FIELDS
    }
    error = ""
    if request.method == "POST" and keep in ("first", "second"):
        choices = {field: "kept" if picked[field] == keep else "other" for field in merging.CHOSEN_FIELDS}
        try:
            merging.initiatives_merge(kept=kept, other=other, choices=choices, by=staff_member(request))
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                _("« %(other)s » (n° %(id)s) est fusionnée dans cette fiche ; son adresse y redirige.")
                % {"other": other.name, "id": other.pk},
            )
            return redirect("admin:initiatives_initiative_change", kept.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Initiative._meta,
        "title": _("Fusionner deux fiches de la même initiative"),
        "first": first,
        "second": second,
        "keep": keep,
        "rows": _rows(first, second, picked),
        "first_links": merging.linked_counts(first),
        "second_links": merging.linked_counts(second),
        "error": error,
    }
    return TemplateResponse(request, "admin/initiatives/merge.html", context, status=400 if error else 200)
