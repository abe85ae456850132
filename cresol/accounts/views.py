"""The member space: what a member sees of their profile and contributions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
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
