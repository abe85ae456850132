"""The admin's page to merge two records of one content, side by side: which record is kept, and for each
field whose value. Each section gives its fields, its merge service and its words (MergePage); the
page works without JavaScript (radio buttons in a table)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cresol.accounts.requests import staff_member

from . import merging
from .admin import AdminBase


@dataclass(frozen=True)
class MergePage:
    model: type[Any]
    fields: list[str]
    # merge(kept=, other=, choices=, by=) -> the merge's record; raises ValidationError with the reason
    merge: Callable[..., Any]
    default_kept: Callable[[Any, Any], Any]  # which of two records is kept unless the moderator says
    explanation: "str | Promise"  # what the merge does, in the section's words
    relations: Callable[[], list[Any]]  # what moves (merging.relations of the section's model)
    candidates: Callable[[Any], list[Any]]  # a record's possible duplicates, for its admin page
    title: Callable[[Any], str] = str

    @property
    def permission(self) -> str:
        meta = self.model._meta
        return f"{meta.app_label}.change_{meta.model_name}"

    def url_name(self, step: str) -> str:
        meta = self.model._meta
        return f"admin:{meta.app_label}_{meta.model_name}_{step}"


def _rows(page: MergePage, first: Any, second: Any, picked: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for field in page.fields:
        shown_first, shown_second = merging.shown_value(first, field), merging.shown_value(second, field)
        rows.append(
            {
                "name": field,
                "label": capfirst(page.model._meta.get_field(field).verbose_name),
                "first": shown_first,
                "second": shown_second,
                "picked": picked[field],
                "same": shown_first == shown_second,
            }
        )
    return rows


def merge_view(
    page: MergePage, model_admin: Any, request: HttpRequest, first_pk: int, second_pk: int
) -> HttpResponseBase:
    if not request.user.has_perm(page.permission):
        raise PermissionDenied
    queryset = page.model._default_manager.all()
    first, second = get_object_or_404(queryset, pk=first_pk), get_object_or_404(queryset, pk=second_pk)
    if first.pk == second.pk:
        messages.error(request, _("Choisissez deux fiches différentes."))
        return redirect(page.url_name("changelist"))
    keep = request.POST.get("keep")
    if keep not in ("first", "second"):
        keep = "first" if page.default_kept(first, second) == first else "second"
    kept, other = (first, second) if keep == "first" else (second, first)
    defaults = merging.default_choices(kept, other, page.fields)
    # The radio buttons say which record's value ("first" or "second"); the service wants kept/other.
    picked = {}
    for field in page.fields:
        posted = request.POST.get(f"field_{field}")
        picked[field] = (
            posted
            if posted in ("first", "second")
            else (keep if defaults[field] == "kept" else ("second" if keep == "first" else "first"))
        )
    error = ""
    if request.method == "POST":
        choices = {field: "kept" if picked[field] == keep else "other" for field in page.fields}
        try:
            page.merge(kept=kept, other=other, choices=choices, by=staff_member(request))
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                _("« %(other)s » (n° %(id)s) est fusionnée dans cette fiche ; son adresse y redirige.")
                % {"other": page.title(other), "id": other.pk},
            )
            return redirect(page.url_name("change"), kept.pk)
    found = page.relations()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": page.model._meta,
        "title": _("Fusionner deux fiches en double"),
        "explanation": page.explanation,
        "first": first,
        "second": second,
        "first_title": page.title(first),
        "second_title": page.title(second),
        "change_url": page.url_name("change"),
        "keep": keep,
        "rows": _rows(page, first, second, picked),
        "first_links": merging.linked_counts(first, found),
        "second_links": merging.linked_counts(second, found),
        "error": error,
    }
    return TemplateResponse(request, "admin/merge.html", context, status=400 if error else 200)


class MergeAdminMixin(AdminBase):
    """For a section's ModelAdmin: the merge page at fusionner/<a>/<b>/, the "doublons possibles" field
    (add "possible_duplicates" to the page's fields) and the "merge_selected" action (add it by name)."""

    merge_page: MergePage

    def get_urls(self) -> list[Any]:
        page, wrap = self.merge_page, self.admin_site.admin_view
        meta = page.model._meta
        return [
            path(
                "fusionner/<int:first_pk>/<int:second_pk>/",
                wrap(lambda request, first_pk, second_pk: merge_view(page, self, request, first_pk, second_pk)),
                name=f"{meta.app_label}_{meta.model_name}_merge",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("doublons possibles"))
    def possible_duplicates(self, obj: Any) -> Any:
        """What the section's duplicate detection finds, each with a link to compare and merge."""
        candidates = self.merge_page.candidates(obj) if obj is not None and obj.pk else []
        if not candidates:
            return "—"
        url = self.merge_page.url_name("merge")
        return format_html_join(
            ", ",
            '{} — <a href="{}">{}</a>',
            (
                (self.merge_page.title(other), reverse(url, args=[obj.pk, other.pk]), _("comparer et fusionner"))
                for other in candidates
            ),
        )

    @admin.action(description=gettext_lazy("Fusionner les deux fiches sélectionnées…"), permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: Any) -> Any:
        ids = sorted(queryset.values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            message = _("Sélectionnez exactement deux %(things)s à fusionner.")
            self.message_user(request, message % {"things": self.model._meta.verbose_name_plural}, messages.ERROR)
            return None
        return redirect(self.merge_page.url_name("merge"), *ids)
