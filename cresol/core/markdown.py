"""Markdown written by members, rendered once to HTML that is safe to show anywhere (pages, feeds).

Rendering is done when content is saved, never on a read; nh3 then keeps only an allow-list of tags,
attributes and URL schemes, so scripts, event attributes, `javascript:` and `data:` links, styles and
embedded SVG never reach a page.
"""

import html as html_lib
import re

import markdown as markdown_lib
import nh3
from django.utils.text import slugify

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}  # fmt: skip
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


def render_markdown(text: str, *, anchors: bool = False) -> str:
    """Markdown (with tables) to sanitized HTML. Raw HTML in the source is sanitized like the rest.

    With `anchors`, headings get an id (from their text) so that a table of contents or a link can
    point to them.
    """
    extensions = ["tables", "sane_lists"]
    configs = {}
    if anchors:
        extensions.append("toc")
        configs["toc"] = {"slugify": _anchor, "permalink": False}
    html = markdown_lib.markdown(text or "", extensions=extensions, extension_configs=configs, output_format="html")
    return sanitize_html(html)


def _anchor(value: str, separator: str) -> str:
    return slugify(value) or "section"


SUBSET_TAGS = {"a", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "ul"}


def render_markdown_subset(text: str) -> str:
    """For comments: emphasis, links, lists, quotes and code; no headings, images or tables."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
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
