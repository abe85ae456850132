"""Demo content for `make run`: accounts a newcomer can log in with.

Each section adds its own demo content in a `demo.py` module of its app with a `load_demo(stdout)`
function; `manage.py setup_demo` calls them all, in the order of INSTALLED_APPS.
"""

from typing import Any, TextIO

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from cresol.accounts.models import User
from cresol.moderation.groups import MODERATORS_GROUP
from cresol.territories.models import Commune

DEMO_MODERATOR_EMAIL = "moderation@example.org"
DEMO_MODERATOR_PASSWORD = "demo-cresol-moderation"  # noqa: S105 - demo only, refused when DEBUG is off

DEMO_MEMBERS = [
    ("claire.martin@example.org", "Claire Martin", "Repair Café de Tours", "37261"),
    ("karim.benali@example.org", "Karim Benali", "La Ressourcerie du Cher", "18033"),
    ("sophie.leroy@example.org", "Sophie Leroy", "AMAP des Bords de Loire", "45234"),
]
DEMO_MEMBER_PASSWORD = "demo-cresol-membre"  # noqa: S105


def _verified_user(email: str, password: str, **fields: Any) -> User:
    User = get_user_model()
    username = slugify(fields.get("display_name", "")) or "membre"  # never from the e-mail, as at sign-up
    user, created = User.objects.get_or_create(email=email, defaults={"username": username, **fields})
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def ensure_demo_moderator() -> User:
    """A staff member of the "Modérateurs" group, able to log in to the admin and moderate."""
    moderator = _verified_user(
        DEMO_MODERATOR_EMAIL, DEMO_MODERATOR_PASSWORD, display_name="Équipe de modération", is_staff=True
    )
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return moderator


def load_demo(stdout: TextIO) -> None:
    communes = Commune.objects.in_bulk([code for *_, code in DEMO_MEMBERS], field_name="code")
    for email, name, organisation, commune_code in DEMO_MEMBERS:
        _verified_user(
            email,
            DEMO_MEMBER_PASSWORD,
            display_name=name,
            organisation=organisation,
            commune=communes.get(commune_code),
        )
    stdout.write(f"  {len(DEMO_MEMBERS)} membres de démonstration")
