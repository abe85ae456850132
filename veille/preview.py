"""Pre-filling a share from the page it points to: its title and description, fetched with the guard."""

import contextlib
import threading
from html.parser import HTMLParser
from typing import Any

from cresol.core.fetch import FetchError, fetch

MAX_PAGE_BYTES = 1024 * 1024
# A preview runs in the web request that asks for it (the portal has no task queue yet); at most this
# many at once per process, each under a 6-second deadline, so that previews can never take every
# thread of a web worker: past that, the form opens without pre-filling.
PREVIEWS_AT_ONCE = 1
PREVIEW_DEADLINE = 6
_preview_slots = threading.BoundedSemaphore(PREVIEWS_AT_ONCE)


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        attributes = {key.lower(): (value or "") for key, value in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key in ("og:title", "og:description", "description", "twitter:title", "twitter:description"):
                self.meta.setdefault(key, attributes.get("content", "").strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: Any) -> None:
        if self._in_title and len(self.title) < 300:
            self.title += data


def page_preview(url: str) -> dict:
    """{'title': …, 'description': …} read from the page, or empty values when it cannot be read."""
    if not _preview_slots.acquire(blocking=False):
        return {"title": "", "description": "", "error": "trop d'aperçus en cours, réessayez dans un instant"}
    try:
        result = fetch(
            url,
            connect_timeout=3,
            read_timeout=4,
            deadline=PREVIEW_DEADLINE,
            max_bytes=MAX_PAGE_BYTES,
            accept="text/html, */*;q=0.5",
        )
    except FetchError as error:
        return {"title": "", "description": "", "error": str(error)}
    finally:
        _preview_slots.release()
    parser = _MetaParser()
    # A broken page gives what could be read before the parser gave up.
    with contextlib.suppress(Exception):
        parser.feed(result.content.decode("utf-8", errors="replace"))
    meta = parser.meta
    title = meta.get("og:title") or meta.get("twitter:title") or " ".join(parser.title.split())
    description = meta.get("og:description") or meta.get("description") or meta.get("twitter:description") or ""
    return {"title": title[:300], "description": description[:2000], "error": ""}
