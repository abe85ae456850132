"""The health page, in the admin, for staff: what fails, with a way to act on each (its admin page, or
"Relancer" for a failed job)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import services
from .checks import SOURCE_ALERT_AFTER, health_report


class RetryForm(forms.Form):
    job = forms.IntegerField(min_value=1)


@staff_member_required
def health_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RetryForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Demande incomplète."), status=400)
        if services.job_retry(job_id=form.cleaned_data["job"]):
            messages.success(request, _("La tâche est relancée : le worker la reprend dans l'instant."))
        else:
            messages.warning(request, _("Cette tâche n'est plus en échec (déjà relancée ?)."))
        return redirect("health_page")
    report = health_report()
    context = {
        **admin.site.each_context(request),
        "title": _("Santé du portail"),
        "report": report,
        "alert_days": SOURCE_ALERT_AFTER.days,
    }
    return TemplateResponse(request, "admin/health/page.html", context)
