"""Template helpers of Archipel O Centre's own pages (its blocks on other pages: blocks.py)."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def cluster_tiles_url() -> str:
    """The address of the map's tiles with {z}/{x}/{y} for the script to fill."""
    return reverse("initiatives:cluster_tile", args=[0, 1, 2]).replace("/0/1/2.", "/{z}/{x}/{y}.")
