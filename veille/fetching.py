"""Fetching the followed sources: a bounded pool of downloads, feedparser on the bytes, idempotent inserts.

Downloads run in threads (they only wait on the network; no database access there), with connect and
read timeouts, a total deadline and a size cap, and conditional GET. Parsing and writing happen in the
calling thread (veille.services.sources_fetch, which records each source's result and keeps its items).
"""

import hashlib
import html
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import nh3
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from cresol.core.fetch import FetchError, FetchResult, fetch
from cresol.core.validators import single_line

from .models import Item, Source

logger = logging.getLogger(__name__)
WORKERS = 16
MAX_FEED_BYTES = 3 * 1024 * 1024
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "xtor")
SUMMARY_TAGS = {"a", "b", "br", "em", "i", "li", "ol", "p", "strong", "ul", "blockquote"}


def canonical(url: str) -> str:
    """One spelling per article: lower-case host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PARAMETERS)
    ]
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        ("https" if parts.scheme in ("http", "https") else parts.scheme, host, path, urlencode(query), "")
    )


def clean_summary(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=SUMMARY_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow noopener",
    )[:5000]


def _when(entry: Any) -> datetime | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return None
    try:
        year, month, day, hour, minute, second = moment[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)


def entry_title(entry: Any, *, atom: bool) -> str:
    """The entry's title as plain text.

    Atom says what its title is: text is kept as written (a "<b>" there is three characters), HTML is
    read once (its tags dropped, its entities decoded). An RSS title is text too, but WordPress and
    others write it as HTML escaped once more (&amp;lt;em&amp;gt;, &amp;#038;): one that still holds an
    entity once parsed is read as such HTML; one that holds none is text, kept as written."""
    title = entry.get("title") or ""
    kind = (entry.get("title_detail") or {}).get("type", "")
    if atom:
        if "html" in kind:
            title = html.unescape(nh3.clean(title, tags=set()))
    elif _ENTITY.search(title):
        title = html.unescape(nh3.clean(html.unescape(title), tags=set()))
    return single_line(title)


def parse_items(content: bytes, source: Source, *, base_url: str = "", content_type: str = "") -> list[Item]:
    """The usable entries of a feed; a malformed ("bozo") feed is kept when entries could be read.

    Relative links are resolved against the feed's own address (`base_url`, after redirects) when the
    feed gives no base of its own. The server's Content-Type tells feedparser the charset (a Big5 feed
    whose XML declaration names none); a feed served as text/plain or text/html is read as XML all the
    same, as browsers' feed readers do, whatever charset it names.
    """
    base_url = base_url or source.feed_url
    headers = {"content-location": base_url}
    if content_type:
        kind, _, parameters = content_type.partition(";")
        if kind.strip().lower() in ("text/plain", "text/html", "application/octet-stream"):
            kind = "application/xml"  # feedparser ignores the charset of a type it takes for non-XML
        headers["content-type"] = f"{kind.strip()};{parameters}" if parameters else kind.strip()
    parsed = feedparser.parse(content, response_headers=headers)
    if parsed.bozo and not parsed.entries:
        raise FetchError(f"flux illisible ({parsed.bozo_exception.__class__.__name__})")
    if not parsed.version and not parsed.entries:
        raise FetchError("flux illisible : ce n'est ni du RSS ni de l'Atom")
    items = []
    for entry in parsed.entries:
        link = urljoin(base_url, entry.get("link") or "") if entry.get("link") else ""
        if not link.startswith(("http://", "https://")):
            continue
        title = (entry_title(entry, atom=parsed.version.startswith("atom")) or link)[:500]
        entry_id = (entry.get("id") or link)[:500] or hashlib.sha256(title.encode()).hexdigest()
        items.append(
            Item(
                source=source,
                entry_id=entry_id,
                title=title,
                link=link[:1000],
                canonical_link=canonical(link)[:1000],
                summary=clean_summary(entry.get("summary", "")),
                author=(entry.get("author") or "")[:200],
                published_at=_when(entry),
            )
        )
    return items


@dataclass
class SourceReport:
    source: Source
    new_items: int = 0
    not_modified: bool = False
    error: str = ""


def download(source: Source) -> tuple[Source, FetchResult | None, str]:
    try:
        result = fetch(
            source.feed_url,
            etag=source.etag,
            last_modified=source.last_modified,
            connect_timeout=5,
            read_timeout=8,
            deadline=20,
            max_bytes=MAX_FEED_BYTES,
            accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        )
        return source, result, ""
    except FetchError as error:
        return source, None, str(error)
    except Exception as error:  # a download must never bring the run down
        logger.exception("Unexpected error fetching %s", source.feed_url)
        return source, None, f"erreur inattendue : {error.__class__.__name__}"


def items_cutoff(now: datetime | None = None) -> datetime:
    """Items published before this are not kept (WATCH_ITEMS_KEPT_DAYS)."""
    return (now or timezone.now()) - timedelta(days=settings.WATCH_ITEMS_KEPT_DAYS)


def due_sources(now: Any = None) -> QuerySet[Source]:
    return Source.due(now)
