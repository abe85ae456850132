"""The member space: what a member sees of their profile and contributions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core.forms import posted
from cresol.moderation.registry import contributions_of, section_of
from cresol.moderation.services import TransitionNotAllowed, moderation_withdraw

from .forms import ProfileForm


@login_required
def member_space(request: HttpRequest) -> HttpResponseBase:
    return render(request, "accounts/member_space.html", {"contributions": contributions_of(request.user)})


@require_POST
@login_required
def withdraw(request: AuthenticatedHttpRequest, key: str, pk: int) -> HttpResponseBase:
    """The contributor takes back a contribution awaiting review; it becomes a draft they may resubmit."""
    section = section_of(key)
    if section is None:
        raise Http404
    content: Any = get_object_or_404(section.model, pk=pk, submitted_by=request.user)
    try:
        moderation_withdraw(obj=content, by=request.user)
    except TransitionNotAllowed:
        messages.error(request, _("« %s » n'attend plus de relecture : il ne peut plus être retiré.") % content)
    else:
        messages.success(
            request,
            _("« %s » est retiré de la relecture : c'est de nouveau un brouillon, à renvoyer quand vous voulez.")
            % content,
        )
    return redirect("accounts:member_space")


@login_required
def profile_edit(request: HttpRequest) -> HttpResponseBase:
    form = ProfileForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:member_space")
    return render(request, "accounts/profile_form.html", {"form": form})


def admin_login(request: HttpRequest) -> HttpResponseBase:
    """Staff log in to the admin through the site's own login, with its rate limits and e-mail check.

    A member who is logged in but not staff is refused here, rather than sent back to a login page
    that would send them back to the admin.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), login_url=reverse("account_login"))
