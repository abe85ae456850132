from typing import Any

from django import template

from ..views import public_radar_of

register = template.Library()


@register.inclusion_tag("radar/_public_block.html")
def initiative_public_radar(initiative: Any) -> dict[str, Any]:
    """The radar its contributor chose to show on the initiative's page, if any."""
    return {"initiative": initiative, "entry": public_radar_of(initiative)}
