"""/personnes-ressources/: the directory (a list and a map), a profile with its contact form, and the
member's own profile: opting in, changing it, opting out."""

from typing import Any

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST, require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core.forms import posted
from cresol.core.geojson import points_response
from cresol.core.listing import bad_filters, paginate
from cresol.core.ratelimit import Limit, Per
from cresol.moderation.visibility import visible_to
from cresol.themes.models import themes_legend

from . import services
from .filters import PersonFilter
from .forms import ContactForm, ProfileForm
from .models import ResourcePerson

PAGE_SIZE = 24
# Messages a visitor may send in an hour, from one address; a member, from one account.
CONTACTS = Limit("person-contact", limit=5, window_seconds=3600, per=Per.MEMBER_OR_ADDRESS)
FIRST_THEME_SQL = """SELECT link.theme_id FROM people_resourceperson_themes link
JOIN themes_theme theme ON theme.id = link.theme_id
WHERE link.resourceperson_id = row.id ORDER BY theme."order", theme.name LIMIT 1"""


@require_safe
def person_list(request: HttpRequest) -> HttpResponseBase:
    """The directory: the people matching the filters as a list, and on a map beside it."""
    filterset = PersonFilter(request.GET or None)
    context = {
        "filter": filterset,
        "query_string": request.GET.urlencode(),
        "geojson_url": reverse("people:geojson"),
        "themes_legend": themes_legend(),
    }
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "people/list.html", {**context, "page_obj": None}, status=400)
    people = filterset.qs.for_listing().order_by("display_name", "id")
    page, query = paginate(request, people, PAGE_SIZE)
    return render(request, "people/list.html", {**context, "page_obj": page, "query_without_page": query})


@require_safe
@gzip_page
def geojson(request: HttpRequest) -> HttpResponseBase:
    """The published profiles as GeoJSON points (their base commune), with the directory's filters."""
    filterset = PersonFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)
    return points_response(
        request,
        filterset.qs,
        detail="people:detail",
        name="display_name",
        theme=FIRST_THEME_SQL,
        licence="ODbL-1.0",
        attribution="Cré-sol et ses membres — Personnes ressources",
    )


@require_safe
def popup(request: HttpRequest, pk: int) -> HttpResponseBase:
    person = get_object_or_404(ResourcePerson.objects.published().select_related("base_commune"), pk=pk)
    return render(request, "people/_popup.html", {"person": person})


def _visible_person(request: HttpRequest, slug: str) -> ResourcePerson:
    queryset = ResourcePerson.objects.select_related("base_commune").prefetch_related(
        "themes", "departements", "epcis", "pays", "communes"
    )
    person = visible_to(request.user, queryset, slug=slug)
    if person is None:
        raise Http404
    return person


def person_detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    """A profile, and the form to write to the person (their address stays hidden)."""
    person = _visible_person(request, slug)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.display_name, "email": request.user.email}
    form = ContactForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        if not person.is_published:
            raise Http404
        if not CONTACTS.hit(request):
            form.add_error(None, _("Vous avez envoyé beaucoup de messages en une heure : réessayez plus tard."))
            status = 429
        elif form.is_valid():
            if not form.is_from_a_bot:
                services.person_contact(
                    person=person,
                    sender_name=form.cleaned_data["name"],
                    sender_email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                )
            messages.success(
                request,
                _("Votre message est envoyé à %s. Sa réponse arrivera dans votre boîte e-mail.") % person.display_name,
            )
            return redirect(person)
        else:
            status = 400
    return render(request, "people/detail.html", {"person": person, "form": form}, status=status)


def _profile_initial(person: Any) -> dict:
    if person is None:
        return {}
    return {
        "display_name": person.display_name,
        "structure": person.structure,
        "bio": person.bio,
        "skills": person.skills,
        "base_commune": person.base_commune.name,
        "themes": list(person.themes.all()),
        "departements": list(person.departements.all()),
        "epcis": list(person.epcis.all()),
        "pays": list(person.pays.all()),
        "communes": ", ".join(person.communes.values_list("name", flat=True)),
        "consent": True,
    }


@verified_email_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The member's own profile: opting in (first publication is moderated), then changing it."""
    person = ResourcePerson.objects.filter(user=request.user).select_related("base_commune").first()
    initial = _profile_initial(person) or {
        "display_name": request.user.display_name,
        "structure": request.user.organisation,
    }
    form = ProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.person_save(user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if saved.is_published:
                messages.success(request, _("Votre profil est à jour."))
                return redirect(saved)
            messages.success(
                request, _("Merci ! Votre profil est envoyé à l'équipe de modération : il sera publié après relecture.")
            )
            return redirect("people:profile")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "people/profile_form.html", {"form": form, "person": person}, status=status)


@verified_email_required
@require_POST
def profile_remove(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Opting out: the profile disappears at once."""
    person = ResourcePerson.objects.filter(user=request.user).first()
    if person is not None:
        services.person_remove(person=person)
        messages.success(request, _("Votre profil est retiré de l'annuaire des personnes ressources."))
    return redirect("accounts:member_space")
