"""Every write of a resource: a member's proposal or correction, staff's edit in the admin."""

import secrets

from django.core.files.storage import default_storage
from django.db import transaction

from cresol.core import slugs
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_submit

from .models import Resource
from .validators import extension_of

FIELDS = ["title", "summary", "description", "kind", "licence", "author_name", "year", "link"]
RESERVED_SLUGS = {"proposer", "flux"}
WAITING_DIR = "ressources/attente/"


def unique_slug(title: str, *, exclude_pk=None) -> str:
    return slugs.unique_slug(title, default="ressource", reserved=RESERVED_SLUGS, max_length=190,
                             taken_in=[(Resource.objects.exclude(pk=exclude_pk), "slug")])  # fmt: skip


def file_keep(*, upload) -> str:
    """Store a valid file while the rest of its form is corrected; returns its storage name."""
    name = f"{WAITING_DIR}{secrets.token_urlsafe(12)}.{extension_of(upload.name)}"
    return default_storage.save(name, upload)


@transaction.atomic
def resource_save(*, resource: Resource | None, data: dict, by, upload=None, kept_file: str = "",
                  submit: bool = True) -> Resource:  # fmt: skip
    """A member's resource, new or corrected before publication, sent for review (or kept as a draft)."""
    resource = resource or Resource(submitted_by=by, status=Status.DRAFT)
    for name in FIELDS:
        setattr(resource, name, data.get(name) if data.get(name) is not None else "")
    resource.year = data.get("year")
    if upload:
        resource.file.save(f"{unique_slug(resource.title)}.{extension_of(upload.name)}", upload, save=False)
        resource.file_size = upload.size
    elif kept_file and kept_file.startswith(WAITING_DIR) and default_storage.exists(kept_file):
        with default_storage.open(kept_file) as handle:
            resource.file.save(f"{unique_slug(resource.title)}.{extension_of(kept_file)}", handle, save=False)
        resource.file_size = default_storage.size(kept_file)
        default_storage.delete(kept_file)
    if not resource.slug:
        resource.slug = unique_slug(resource.title)
    resource.full_clean(exclude=["slug"])
    resource.save()
    resource.themes.set(data.get("themes") or [])
    resource.related_initiatives.set(data.get("related_initiatives") or [])
    resource.related_dossiers.set(data.get("related_dossiers") or [])
    resource.events.set(data.get("events") or [])
    if submit and resource.status in (Status.DRAFT, Status.REFUSED):
        moderation_submit(obj=resource, by=by)
    return resource


def resource_admin_save(*, resource: Resource) -> Resource:
    """Staff's edit in the admin: the same derived fields as a member's save."""
    if not resource.slug:
        resource.slug = unique_slug(resource.title, exclude_pk=resource.pk)
    if resource.file and not resource.file_size:
        resource.file_size = resource.file.size
    resource.full_clean()
    resource.save()
    return resource
