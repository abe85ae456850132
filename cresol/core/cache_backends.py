"""The two database caches of the portal, when Redis is not used: counters apart from pages.

Django's DatabaseCache keeps at most MAX_ENTRIES rows and, past that, deletes a third of them in key
order, live or not. One table for both pages and rate-limit counters let anyone lift a limit or the
login lock: ask for a few hundred distinct pages and the counters were culled with the pages. So:

- `CounterCache` ("default": rate limits, allauth's login lock, small lasting values) never deletes an
  entry before it expires: past MAX_ENTRIES it only removes the expired ones;
- `PageCache` ("pages": pages and what is derived from content) is culled as usual, since an address
  with a new query string is a new page, but never culls the content versions, which every cached page
  is checked against (culled, they would make every page stale at once).
"""

from datetime import datetime
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections


def _delete_expired(cache: DatabaseCache, connection: Any, cursor: Any, now: datetime | None) -> int:
    table, expires = connection.ops.quote_name(cache._table), connection.ops.quote_name("expires")  # type: ignore[attr-defined]
    cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [connection.ops.adapt_datetimefield_value(now)])  # noqa: S608 - quoted names
    return int(cursor.rowcount)


class CounterCache(DatabaseCache):
    def _cull(self, db: str, cursor: Any, now: datetime | None, num: int) -> None:
        """Remove expired entries only: a live counter is never evicted, however many there are."""
        _delete_expired(self, connections[db], cursor, now)


class PageCache(DatabaseCache):
    # The beginning of the keys (as given to the cache API) culling never removes.
    kept_prefix = "pagecache:version:"

    def _cull(self, db: str, cursor: Any, now: datetime | None, num: int) -> None:
        """Expired entries first, then a third of the others in key order (sha256 keys: at random),
        the kept keys excepted."""
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]
        remaining = num - _delete_expired(self, connection, cursor, now)
        if remaining <= self._max_entries:
            return
        cursor.execute(connection.ops.cache_key_culling_sql() % table, [remaining // self._cull_frequency])
        last = cursor.fetchone()
        if last:
            kept = self.make_key(self.kept_prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            cursor.execute(
                f"DELETE FROM {table} WHERE {quote('cache_key')} < %s AND {quote('cache_key')} NOT LIKE %s",  # noqa: S608
                [last[0], kept + "%"],
            )
