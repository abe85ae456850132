from typing import Any

from django import template

from cresol.moderation.registry import pending_summary

register = template.Library()


@register.inclusion_tag("admin/moderation/_pending_summary.html")
def moderation_pending_summary() -> dict[str, Any]:
    """The admin index's "waiting for moderation" block: a count and a link per moderated model."""
    return {"sections": pending_summary()}
