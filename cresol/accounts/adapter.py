"""allauth's hooks for the portal."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from cresol.core.validators import validate_email_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return getattr(settings, "ACCOUNT_SIGNUP_OPEN", True)

    def clean_email(self, email: str) -> Any:
        """Sign-up and a change of address: the portal's one rule for an address."""
        validate_email_address(email)
        return super().clean_email(email)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user.display_name = form.cleaned_data.get("display_name", "")
        return super().save_user(request, user, form, commit)

    def populate_username(self, request: HttpRequest, user: Any) -> None:
        """The username shows in addresses (/blog/auteurs/<username>/): made from the public name,
        never from the e-mail, whose local part would tell the address."""
        if not user.username:
            user.username = self.generate_unique_username([user.display_name, "membre"])
