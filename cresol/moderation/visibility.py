"""Who may read a content that is not published, on its public page (a preview before deciding)."""

from .models import Status


def can_moderate(user, model) -> bool:
    """Whether the user may decide on contents of this model: the moderation right, not `is_staff`
    (a staff account may run the admin for something else entirely)."""
    meta = model._meta
    return user.is_authenticated and user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def may_see_unpublished(user, obj, *, authors=()) -> bool:
    """Its contributor (and `authors`, the ids of co-authors) always; those who moderate its kind once it
    has been submitted. A draft never submitted is its author's alone, moderators included."""
    if not user.is_authenticated:
        return False
    if obj.submitted_by_id == user.pk or user.pk in authors:
        return True
    return obj.status != Status.DRAFT and can_moderate(user, type(obj))
