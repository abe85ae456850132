"""allauth's hooks for the portal."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return getattr(settings, "ACCOUNT_SIGNUP_OPEN", True)

    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data.get("display_name", "")
        return super().save_user(request, user, form, commit)

    def populate_username(self, request, user):
        """The username shows in addresses (/blog/auteurs/<username>/): made from the public name,
        never from the e-mail, whose local part would tell the address."""
        if not user.username:
            user.username = self.generate_unique_username([user.display_name, "membre"])
