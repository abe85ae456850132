"""Every write of a resource: a member's proposal or correction, staff's edit in the admin."""

import secrets
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from cresol.accounts.models import User
from cresol.core import slugs
from cresol.core.markdown import render_markdown
from cresol.core.private_storage import private_storage
from cresol.moderation.models import Action, Status
from cresol.moderation.services import moderation_submit

from .models import Resource
from .validators import extension_of

FIELDS = ["title", "summary", "description", "kind", "licence", "author_name", "year", "link"]
RESERVED_SLUGS = {"proposer", "flux", "fichiers"}
WAITING_DIR = "ressources/attente/"


def unique_slug(title: str, *, exclude_pk: Any = None) -> str:
    return slugs.unique_slug(
        title,
        default="ressource",
        reserved=RESERVED_SLUGS,
        max_length=190,
        taken_in=[(Resource.objects.exclude(pk=exclude_pk), "slug")],
    )


def resource_render(*, resource: Resource) -> None:
    """The resource's description, rendered once at each write, never when a page is read."""
    resource.description_html = render_markdown(resource.description)


def file_keep(*, upload: Any) -> str:
    """Store a valid file while the rest of its form is corrected; returns its storage name."""
    name = f"{WAITING_DIR}{secrets.token_urlsafe(18)}.{extension_of(upload.name)}"
    return str(private_storage.save(name, upload))


@transaction.atomic
def resource_save(
    *,
    resource: Resource | None,
    data: dict[str, Any],
    by: User | None,
    upload: Any = None,
    kept_file: str = "",
    submit: bool = True,
) -> Resource:
    """A member's resource, new or corrected before publication, sent for review (or kept as a draft)."""
    resource = resource or Resource(submitted_by=by, status=Status.DRAFT)
    for name in FIELDS:
        setattr(resource, name, data.get(name) if data.get(name) is not None else "")
    resource.year = data.get("year")
    replaced = resource.file.name if resource.file else ""
    if upload:
        resource.file.save(upload.name, upload, save=False)  # under an unguessable name (models.private_name)
        resource.file_size = upload.size
    elif kept_file and kept_file.startswith(WAITING_DIR) and private_storage.exists(kept_file):
        with private_storage.open(kept_file) as handle:
            resource.file.save(kept_file, handle, save=False)
        resource.file_size = private_storage.size(kept_file)
        private_storage.delete(kept_file)
    if not resource.slug:
        resource.slug = unique_slug(resource.title)
    resource.full_clean(exclude=["slug"])
    resource_render(resource=resource)
    resource.save()
    resource.themes.set(data.get("themes") or [])
    resource.related_initiatives.set(data.get("related_initiatives") or [])
    resource.related_dossiers.set(data.get("related_dossiers") or [])
    resource.events.set(data.get("events") or [])
    if replaced and replaced != resource.file.name:
        _delete_after_commit([replaced])
    if submit and resource.status in (Status.DRAFT, Status.REFUSED):
        moderation_submit(obj=resource, by=by)
    return resource


def _delete_after_commit(names: list[str]) -> None:
    """Files go once the rows that named them are written: a rolled-back change keeps them."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [private_storage.delete(name) for name in names])


def resources_after_decision(*, objs: list[Resource], action: str) -> None:
    """A refused resource's file is deleted at once (its contributor uploads it again with the corrected
    resource): what moderators refused is not kept, not even out of sight. Called by the moderation."""
    if action != Action.REJECT:
        return
    names = [resource.file.name for resource in objs if resource.file and resource.file.name]
    Resource.objects.filter(pk__in=[resource.pk for resource in objs]).update(file="", file_size=0)
    for resource in objs:
        resource.file, resource.file_size = "", 0
    _delete_after_commit(names)


@transaction.atomic
def resources_delete(*, queryset: QuerySet[Any]) -> int:
    """Staff delete resources (the admin): their files go with them."""
    names = list(queryset.exclude(file="").values_list("file", flat=True))
    count, _ = queryset.delete()
    _delete_after_commit(names)
    return count


@transaction.atomic
def resource_admin_save(*, resource: Resource, save_relations: Callable[[], None] | None = None) -> Resource:
    """Staff's edit in the admin: the same derived fields as a member's save; a replaced file is deleted."""
    replaced = Resource.objects.filter(pk=resource.pk).values_list("file", flat=True).first() if resource.pk else ""
    if not resource.slug:
        resource.slug = unique_slug(resource.title, exclude_pk=resource.pk)
    if resource.file and not resource.file_size:
        resource.file_size = resource.file.size
    resource.full_clean()
    resource_render(resource=resource)
    resource.save()
    if save_relations is not None:
        save_relations()
    if replaced and replaced != resource.file.name:
        _delete_after_commit([replaced])
    return resource
