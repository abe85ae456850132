"""The library's files once lay under MEDIA_ROOT (ressources/<year>/<title>.<ext>), served by the proxy to
anyone, pending and refused ones included. Each moves to the private storage under an unguessable name;
a refused resource's file is deleted."""

import secrets

from django.core.files.storage import storages
from django.db import migrations


def move_files(apps, schema_editor):
    Resource = apps.get_model("library", "Resource")
    public, private = storages["default"], storages["private"]
    for resource in Resource.objects.exclude(file="").iterator():
        old = resource.file.name
        if not old.startswith("ressources/") or not public.exists(old):
            continue  # already moved, or missing: nothing to expose
        if resource.status == "refused":
            new = ""
        else:
            extension = old.rsplit(".", 1)[-1].lower() if "." in old else "bin"
            with public.open(old) as handle:
                new = private.save(f"ressources/{secrets.token_urlsafe(18)}.{extension}", handle)
        Resource.objects.filter(pk=resource.pk).update(file=new)
        public.delete(old)


class Migration(migrations.Migration):
    dependencies = [("library", "0002_private_files")]

    operations = [migrations.RunPython(move_files, migrations.RunPython.noop)]
