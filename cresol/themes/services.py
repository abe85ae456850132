"""Writing the themes (staff, in the admin): their introduction rendered once, at each write."""

from collections.abc import Callable

from django.db import transaction

from cresol.core.markdown import render_markdown

from .models import Theme


def theme_render(*, theme: Theme) -> None:
    theme.intro_html = render_markdown(theme.intro, anchors=True)


@transaction.atomic
def theme_save(*, theme: Theme, save_relations: Callable[[], None] | None = None) -> Theme:
    """Staff add or change a theme: its page's introduction rendered, its place in the order kept."""
    theme_render(theme=theme)
    theme.save()
    if save_relations is not None:
        save_relations()
    return theme
