"""Who may read a content that is not published, on its public page (a preview before deciding)."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from .models import Status


def can_moderate(user: Any, model: Any) -> bool:
    """Whether the user may decide on contents of this model: the moderation right, not `is_staff`
    (a staff account may run the admin for something else entirely)."""
    meta = model._meta
    return user.is_authenticated and user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def may_see_unpublished(user: Any, obj: Any, *, authors: Iterable[int] = ()) -> bool:
    """Its contributor (and `authors`, the ids of co-authors) always; those who moderate its kind once it
    has been submitted. A draft never submitted is its author's alone, moderators included."""
    if not user.is_authenticated:
        return False
    if obj.submitted_by_id == user.pk or user.pk in authors:
        return True
    return obj.status != Status.DRAFT and can_moderate(user, type(obj))


def visible_to(
    user: Any,
    queryset: QuerySet,
    *,
    is_public: Callable[[Any], bool] | None = None,
    authors_of: Callable[[Any], set[int]] | None = None,
    **lookup: Any,
) -> Any:
    """The content `lookup` finds in `queryset` if `user` may read it on its public page, None when it
    does not exist; Http404 when it exists but is not for them. Public means published, or what
    `is_public(obj)` says (a post scheduled for later is published, not public yet); `authors_of(obj)`
    gives the ids of co-authors who may read it too. One rule for every section's detail pages."""
    from django.http import Http404

    obj = queryset.filter(**lookup).first()
    if obj is None:
        return None
    public = is_public(obj) if is_public else obj.status == Status.PUBLISHED
    if not public and not may_see_unpublished(user, obj, authors=authors_of(obj) if authors_of else ()):
        raise Http404
    return obj
