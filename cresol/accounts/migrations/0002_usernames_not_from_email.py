"""Usernames show in addresses (/blog/auteurs/<username>/). They used to be the e-mail's local part,
which tells the address: each such username is remade from the member's public name (or "membre")."""

from django.db import migrations
from django.utils.text import slugify


def usernames_from_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("username", flat=True))
    for user in User.objects.exclude(email="").order_by("pk"):
        local_part = user.email.split("@")[0].lower()
        if not user.username.lower().startswith(local_part[:20]):
            continue
        base = (slugify(user.display_name or f"{user.first_name} {user.last_name}") or "membre")[:140]
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.discard(user.username)
        taken.add(candidate)
        User.objects.filter(pk=user.pk).update(username=candidate)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(usernames_from_names, migrations.RunPython.noop)]
