"""Partners' tokens: `Authorization: Bearer cresol_<prefix>_<secret>`.

A token is looked up by the SHA-256 of the whole (a secret of 32 random bytes needs no slow hash: there
is nothing to guess). A revoked or unknown token is a 401; a token without the scope a 403."""

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from . import problems
from .listing import ApiError
from .models import PartnerToken, Scope

PREFIX = "cresol_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def generate() -> tuple[str, str, str]:
    """A new token, its prefix (shown in the admin, to tell tokens apart) and its digest (kept)."""
    prefix = secrets.token_hex(4)
    token = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, digest(token)


class PartnerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> PartnerToken | None:
        if not token.startswith(PREFIX) or len(token) > 100:
            return None
        found = PartnerToken.objects.active().select_related("account").filter(digest=digest(token)).first()
        if found is None:
            return None
        from .services import token_used  # the services generate tokens with this module

        token_used(token=found)
        return found


def require(request: HttpRequest, scope: Scope) -> PartnerToken:
    """The request's token, if it may do `scope`."""
    token: Any = request.auth  # type: ignore[attr-defined]  # set by ninja's authentication
    if scope not in token.scopes:
        raise ApiError(
            problems.problem(
                403,
                "Droit manquant",
                f"Ce jeton ne permet pas de « {Scope(scope).label.lower()} » : "
                "demandez ce droit à l'équipe du Cré-sol.",
                slug="droit-manquant",
            )
        )
    return token
