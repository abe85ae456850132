"""Every write of a resource person's profile: the member's own form, the admin, the demo."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction

from cresol.accounts.models import User
from cresol.core import slugs
from cresol.core.relay import relay
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_submit

from .models import ResourcePerson

FIELDS = ["display_name", "structure", "bio", "skills", "base_commune"]
TERRITORY_FIELDS = ["departements", "epcis", "pays", "communes"]
RESERVED_SLUGS = {"mon-profil", "carte", "carte.geojson"}


def unique_slug(name: str, *, exclude_pk: Any = None) -> str:
    return slugs.unique_slug(
        name,
        default="personne",
        reserved=RESERVED_SLUGS,
        max_length=120,
        taken_in=[(ResourcePerson.objects.exclude(pk=exclude_pk), "slug")],
    )


def _derive(person: ResourcePerson) -> None:
    """What the profile computes from what was typed: its address and its marker."""
    if not person.slug:
        person.slug = unique_slug(person.display_name, exclude_pk=person.pk)
    person.point = person.base_commune.point


@transaction.atomic
def person_save(*, user: User, data: dict[str, Any], submit: bool = True) -> ResourcePerson:
    """The member's profile, created or changed. A new (or refused) one goes to the moderators; once
    published, changes show at once: only the first publication is moderated. Without `submit` a new
    profile stays a draft (the demo decides many at once through moderation_decide_new)."""
    person = ResourcePerson.objects.filter(user=user).first() or ResourcePerson(user=user, submitted_by=user)
    for name in FIELDS:
        setattr(person, name, data[name] if data.get(name) is not None else "")
    _derive(person)
    person.full_clean()
    person.save()
    person.themes.set(data.get("themes") or [])
    for name in TERRITORY_FIELDS:
        getattr(person, name).set(data.get(name) or [])
    if submit and person.status in (Status.DRAFT, Status.REFUSED):
        moderation_submit(obj=person, by=user)
    return person


@transaction.atomic
def person_admin_save(*, person: ResourcePerson, save_relations: Callable[[], None] | None = None) -> ResourcePerson:
    """Staff's edit in the admin: the same derived fields as the member's save."""
    _derive(person)
    person.full_clean()
    person.save()
    if save_relations is not None:
        save_relations()
    return person


@transaction.atomic
def person_remove(*, person: ResourcePerson) -> None:
    """Opting out: the profile is deleted at once, not hidden (nothing of it stays on the site)."""
    person.delete()


def person_contact(*, person: ResourcePerson, sender_name: str, sender_email: str, message: str) -> None:
    """Relay a visitor's message to the person by e-mail. Their address is never shown: they see the
    sender's and answer it directly (Reply-To), or not at all."""
    relay(
        to=person.user.email,
        subject=f"Message de {sender_name[:80]} via votre profil de personne ressource",
        template="people/email/contact.txt",
        context={"person": person, "message": message, "profile_url": settings.SITE_URL + person.get_absolute_url()},
        sender_name=sender_name,
        sender_email=sender_email,
    )
