"""What the sections' change requests share: comparing a proposed value, closing a request."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ChangeRequest


def same_value(proposed: Any, current: Any) -> bool:
    """Equal once line endings are alike: a browser sends a text area's lines ended by CRLF, stored
    ones end by LF; a change of line endings alone is no change."""
    if isinstance(proposed, str) and isinstance(current, str):
        return proposed.replace("\r\n", "\n").strip() == current.replace("\r\n", "\n").strip()
    return proposed == current


def check_pending(change_request: ChangeRequest) -> None:
    if change_request.state != ChangeRequest.State.PENDING:
        raise ValidationError(_("Cette proposition a déjà été traitée."))


def close(change_request: ChangeRequest, *, state: str, by: Any, reason: str = "") -> None:
    """Record the staff's decision on a pending request (the caller applies the changes first)."""
    check_pending(change_request)
    change_request.state = state
    change_request.decided_by, change_request.decided_at = by, timezone.now()
    change_request.refusal_reason = reason
    change_request.save()
