from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of the portal. People sign in with their e-mail; the username is generated."""

    # Saved alone, changes no public page (cresol.core.pagecache).
    BOOKKEEPING_FIELDS = frozenset({"last_login"})

    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(
        _("nom affiché"), max_length=100, blank=True, help_text=_("Le nom montré avec vos contributions.")
    )
    organisation = models.CharField(_("structure"), max_length=150, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")

    def __str__(self) -> str:
        return display_name_of(self)


def display_name_of(user: Any) -> str:
    """The name shown for a member: their chosen name, else their full name, else a neutral name (the
    username of members who joined before the name was asked comes from their e-mail: never shown)."""
    return user.display_name or user.get_full_name() or _("Membre n° %(number)s") % {"number": user.pk}
