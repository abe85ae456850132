"""The request of a signed-in member, for the type checker: views behind login_required (and the
admin's, behind the staff login) read `request.user` as a User, never AnonymousUser."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def staff_member(request: HttpRequest) -> User:
    """The staff member behind an admin request (the admin lets no one else in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
