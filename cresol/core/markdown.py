"""Markdown written by members, rendered once to HTML that is safe to show anywhere (pages, feeds).

Rendering is done when content is saved (and for the writing preview), never on a read; nh3 then keeps
only an allow-list of tags, attributes and URL schemes, so scripts, event attributes, `javascript:` and
`data:` links, styles and embedded SVG never reach a page.

The parser is markdown-it-py (CommonMark, plus tables and strikethrough): its work grows linearly with
the text, whatever the text. Python-Markdown, used before, is quadratic on some inputs (6,000 "[" took
14 s): a member could hold a server thread for minutes with one preview. bench/markdown.py measures it.
"""

import html as html_lib
import re
from typing import Any

import nh3
from django.utils.text import slugify
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


# Raw HTML is parsed as HTML, then sanitized with the rest; "linkify" and the typographer stay off.
_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render_markdown(text: str, *, anchors: bool = False) -> str:
    """Markdown (with tables) to sanitized HTML. Raw HTML in the source is sanitized like the rest.

    With `anchors`, headings get an id (from their text) so that a table of contents or a link can
    point to them.
    """
    return sanitize_html(_render(text, anchors=anchors))


def _render(text: str, *, anchors: bool = False) -> str:
    env: dict[str, Any] = {}
    tokens = _PARSER.parse(text or "", env)
    if anchors:
        _add_heading_ids(tokens)
    return str(_PARSER.renderer.render(tokens, _PARSER.options, env))


def _add_heading_ids(tokens: list[Any]) -> None:
    """An id on each heading, from its text, unique in the document (un-lieu, un-lieu-2…)."""
    seen = set()
    for position, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        base = slugify(tokens[position + 1].content) or "section"
        anchor, number = base, 2
        while anchor in seen:
            anchor, number = f"{base}-{number}", number + 1
        seen.add(anchor)
        token.attrSet("id", anchor)


SUBSET_TAGS = {"a", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "ul"}


def render_markdown_subset(text: str) -> str:
    """For comments: emphasis, links, lists, quotes and code; no headings, images or tables."""
    return nh3.clean(
        _render(text),
        tags=SUBSET_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|blockquote|tr|pre)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> str:
    """Sanitized HTML as plain text (for iCalendar, e-mails, share descriptions): one line per block.

    A regular expression is enough here because the HTML went through the sanitizer: no comments,
    scripts or attributes holding ">".
    """
    text = _TAG.sub("", _BLOCK_END.sub("\n", html or ""))
    text = re.sub(r"[ \t]+", " ", html_lib.unescape(text))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()
