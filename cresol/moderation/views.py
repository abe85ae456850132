"""The moderators' « À traiter » page, in the admin (see queue.py)."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cresol.accounts.requests import staff_member

from . import queue

ROWS_SHOWN = 200


class ActionForm(forms.Form):
    kind = forms.CharField(max_length=100)
    pk = forms.IntegerField(min_value=1)
    action = forms.CharField(max_length=30)
    reason = forms.CharField(label=gettext_lazy("Motif"), required=False, max_length=5000)


def _context(request: HttpRequest) -> dict[str, Any]:
    kinds = queue.kinds_for(request.user)
    chosen = request.GET.get("type", "")
    summaries = [queue.summarise(kind) for kind in kinds]
    shown = [kind for kind in kinds if kind.key == chosen] or kinds
    rows = queue.merged_oldest_first((queue.oldest_rows(kind) for kind in shown), limit=ROWS_SHOWN)
    monday = queue.week_start(timezone.localdate())
    return {
        **admin.site.each_context(request),
        "title": _("À traiter"),
        "summaries": summaries,
        "total": sum(summary.total for summary in summaries),
        "weeks": [monday - timedelta(weeks=back) for back in range(queue.WEEKS_COUNTED)],
        "rows": rows,
        "chosen": chosen if len(shown) == 1 and chosen else "",
        "now": timezone.now(),
    }


def moderation_queue(request: HttpRequest) -> HttpResponse:
    """GET: everything waiting, oldest first. POST: one decision on one row, then back to the list."""
    if request.method != "POST":
        return TemplateResponse(request, "admin/moderation/queue.html", _context(request))
    form = ActionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Demande incomplète."), status=400)
    kind = queue.kind_named(form.cleaned_data["kind"], request.user)
    action = kind.action(form.cleaned_data["action"]) if kind else None
    if kind is None or action is None:
        raise Http404
    obj = kind.waiting().filter(pk=form.cleaned_data["pk"]).first()
    back = redirect(request.get_full_path())
    if obj is None:
        messages.warning(request, _("Cet élément a déjà été traité."))
        return back
    reason = form.cleaned_data["reason"].strip()
    try:
        if action.needs_reason and not reason:
            raise ValidationError(_("Indiquez le motif du refus : il sera envoyé à la personne."))
        with transaction.atomic():
            action.run(obj, by=staff_member(request), reason=reason)
    except ValidationError as error:
        # Shown beside the row's field, with what was typed kept.
        context = _context(request)
        for row in context["rows"]:
            if row.kind.key == kind.key and row.obj.pk == obj.pk:
                row.error, row.typed_reason = " ".join(error.messages), reason
        return TemplateResponse(request, "admin/moderation/queue.html", context, status=400)
    messages.success(request, _("« %(what)s » : %(action)s — fait.") % {"what": obj, "action": action.label})
    return back
