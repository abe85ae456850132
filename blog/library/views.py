"""/ressources/: the library's list with its filters, a resource's page, proposing and correcting one."""

import mimetypes
from typing import Any

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core.forms import posted, posted_files
from cresol.core.listing import paginate
from cresol.core.memberpages import shared_page
from cresol.core.ratelimit import Limit, Per
from cresol.moderation.models import Status
from cresol.moderation.visibility import visible_to

from . import services
from .filters import ResourceFilter
from .forms import ResourceForm
from .models import Resource

PAGE_SIZE = 20
PROPOSALS = Limit("resource-propose", limit=10, window_seconds=3600, per=Per.MEMBER)


@shared_page
@require_safe
def resource_list(request: HttpRequest) -> HttpResponseBase:
    filterset = ResourceFilter(request.GET or None)
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "library/list.html", {"filter": filterset, "page_obj": None}, status=400)
    page, query = paginate(request, filterset.qs.for_listing().order_by("-published_at", "-id"), PAGE_SIZE)
    return render(request, "library/list.html", {"filter": filterset, "page_obj": page, "query_without_page": query})


# Served as downloads, never rendered by the browser under the portal's origin: a file is what its
# contributor sent (checked by its first bytes, but a PDF or an SVG may carry scripts).
_FILE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox; default-src 'none'"}


@require_safe
def resource_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """A resource's file: to anyone once the resource is published, to its contributor and the
    moderators before; a 404 for anyone else, as for a file that does not exist."""
    resource = visible_to(request.user, Resource.objects.only("slug", "status", "submitted_by", "file"), file=name)
    if resource is None or not resource.file:
        raise Http404
    try:
        handle = resource.file.storage.open(resource.file.name)
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(resource.download_name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=resource.download_name, content_type=content_type)
    for header, value in _FILE_HEADERS.items():
        response[header] = value
    published = resource.status == Status.PUBLISHED
    # A published file may be kept by browsers and caches a day; a file under review, by nobody.
    response["Cache-Control"] = "public, max-age=86400" if published else "private, no-store"
    return response


@shared_page
@require_safe
def resource_detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    queryset = Resource.objects.prefetch_related("themes", "related_dossiers")
    resource = visible_to(request.user, queryset, slug=slug)
    if resource is None:
        raise Http404
    initiatives = (
        resource.related_initiatives.published().select_related("commune").only("name", "slug", "commune__name")
    )
    return render(
        request,
        "library/detail.html",
        {
            "resource": resource,
            "initiatives": list(initiatives),
            "events": resource.events.published(),
        },
    )


def _form_page(request: AuthenticatedHttpRequest, resource: Any):
    form = ResourceForm(
        posted(request), posted_files(request), has_file=bool(resource and resource.file), initial=_initial(resource)
    )
    if request.method == "POST":
        if form.is_valid():
            if not PROPOSALS.hit(request):
                form.add_error(None, _("Vous avez proposé beaucoup de ressources en une heure : réessayez plus tard."))
                return render(request, "library/form.html", {"form": form, "resource": resource}, status=429)
            try:
                saved = services.resource_save(
                    resource=resource,
                    data=form.cleaned_data,
                    by=request.user,
                    upload=form.cleaned_data.get("file"),
                    kept_file=form.kept_file_name(),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Merci ! « %s » est envoyée à l'équipe de relecture.") % saved.title)
                return redirect("accounts:member_space")
        _keep_the_file(form)
    return render(request, "library/form.html", {"form": form, "resource": resource})


def _keep_the_file(form: Any) -> None:
    """The form came back with errors: a valid file sent with it is kept, not to be chosen again."""
    upload = form.cleaned_data.get("file") if hasattr(form, "cleaned_data") else None
    if upload and "file" not in form.errors:
        form.data = form.data.copy()
        form.data["kept_file"] = ResourceForm.sign_kept_file(services.file_keep(upload=upload))
        form.kept_file_label = upload.name
    elif form.kept_file_name():
        form.kept_file_label = form.kept_file_name().rsplit("/", 1)[-1]


def _initial(resource: Any) -> dict:
    if resource is None:
        return {}
    return {
        **{name: getattr(resource, name) for name in services.FIELDS},
        "themes": list(resource.themes.all()),
        "related_dossiers": list(resource.related_dossiers.all()),
        "related_initiatives": ", ".join(resource.related_initiatives.values_list("name", flat=True)),
        "events": "\n".join(f"/agenda/{slug}/" for slug in resource.events.values_list("slug", flat=True)),
    }


@verified_email_required
def propose(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    return _form_page(request, None)


@verified_email_required
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    """Its contributor corrects it until it is published; afterwards the moderators do."""
    resource = Resource.objects.filter(slug=slug, submitted_by=request.user).first()
    if resource is None:
        raise Http404
    if resource.status == Status.PUBLISHED:
        messages.info(request, _("Cette ressource est publiée : l'équipe de modération peut la modifier pour vous."))
        return redirect(resource)
    return _form_page(request, resource)
