"""The "Modérateurs" group: who is told of new submissions and may decide in the admin."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from .models import ModerationEvent
from .registry import moderator_rights

MODERATORS_GROUP = "Modérateurs"


def sync_moderators_group(**kwargs) -> Group:
    """Give the group the rights to view and change every moderated model, to manage the models
    granted to it (see `registry.grant_to_moderators`), and to read the log.

    Runs after every `migrate`, so a section's model gets its moderators as soon as it is registered.
    """
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted: dict[type[Any], tuple[str, ...]] = {**moderator_rights(), ModerationEvent: ("view",)}
    permissions = []
    for model, actions in wanted.items():
        # A proxy model has its own permissions, on its own content type.
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model._meta.model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )
            permissions.append(permission)
    group.permissions.add(*permissions)
    return group
