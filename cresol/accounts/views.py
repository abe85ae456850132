"""The member space: what a member sees of their profile and contributions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cresol.moderation.registry import contributions_of

from .forms import ProfileForm


@login_required
def member_space(request):
    return render(request, "accounts/member_space.html", {"contributions": contributions_of(request.user)})


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:member_space")
    return render(request, "accounts/profile_form.html", {"form": form})


def admin_login(request):
    """Staff log in to the admin through the site's own login, with its rate limits and e-mail check.

    A member who is logged in but not staff is refused here, rather than sent back to a login page
    that would send them back to the admin.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), login_url=reverse("account_login"))
