"""The blog's parts of shared pages that are each member's own (cresol.core.memberpages)."""

from typing import Any

from django.http import HttpRequest

from cresol.core.memberpages import register_slot

from .forms import CommentForm


def _comment_form(request: HttpRequest, post_slug: str) -> dict[str, Any]:
    return {"post_slug": post_slug, "comment_form": CommentForm()}


def register_slots() -> None:
    register_slot("comment_form", "blog/_comment_form.html", _comment_form)
