"""Content versions, one per scope: what a cached page was built from, so that a write makes stale
exactly the pages that show what it changed.

A *scope* is a section (its apps, cresol.core.sections) or a shared piece (themes, territories, people,
the letter). Every write to a content model gives its scope's version a new value, at once and again
when its transaction commits (`bump_content_version`: called by the model signals, and by the services
that write in bulk, which send none). A page learns what it depends on by itself: while it is built,
`track_reads()` notes the scopes of the tables its queries read, so the map, which reads no blog table,
stays cached when someone comments an article, and the home page, which reads every section, does not.
"""

import functools
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.cache import BaseCache, caches
from django.db import connections, transaction

VERSION_PREFIX = "pagecache:version:"
# The shared apps whose rows the public pages show, by scope; the sections add theirs. taggit is none of
# them: a tag written on an initiative makes the initiatives' scope stale (`scope_of_write`).
SHARED_SCOPES = {
    "themes": ("themes",),
    "territories": ("territories",),
    "people": ("people", "accounts"),
    "letter": ("letter",),
}
_TABLE = re.compile(r'(?:FROM|JOIN)\s+"?([a-z0-9_]+)', re.IGNORECASE)


def cache() -> BaseCache:
    """The pages' own cache: page traffic there can never evict a rate-limit counter ("default")."""
    return caches["pages"]


@functools.cache
def scope_of_app() -> dict[str, str]:
    """App label → scope, for every app whose rows the public pages show."""
    from .sections import registered

    mapping = {label: scope for scope, labels in SHARED_SCOPES.items() for label in labels}
    for section in registered():
        mapping.update(dict.fromkeys(section.app_labels, section.key))
    return mapping


def scopes() -> tuple[str, ...]:
    return tuple(sorted(set(scope_of_app().values())))


def version_key(scope: str) -> str:
    return VERSION_PREFIX + scope


def version_keys() -> list[str]:
    return [version_key(scope) for scope in scopes()]


@functools.cache
def _scope_of_table() -> dict[str, str]:
    from django.apps import apps

    mapping = scope_of_app()
    return {
        model._meta.db_table: mapping[model._meta.app_label]
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in mapping
    }


def scopes_read_by(sql: str) -> set[str]:
    tables = _scope_of_table()
    return {tables[table] for table in _TABLE.findall(sql) if table in tables}


# --- What a page reads ---------------------------------------------------------------------------
# The scopes noted by every tracker open in this request (a derived value computed inside a page is
# tracked by both).
_trackers: ContextVar[tuple[set[str], ...]] = ContextVar("pagecache_trackers", default=())


def _note_reads(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    found = scopes_read_by(sql)
    for tracker in _trackers.get():
        tracker.update(found)
    return execute(sql, params, many, context)


@contextmanager
def track_reads() -> Iterator[set[str]]:
    """The scopes the queries run inside the block read (filled as they run)."""
    read: set[str] = set()
    outer = _trackers.get()
    token = _trackers.set((*outer, read))
    try:
        if outer:
            yield read
        else:
            with connections["default"].execute_wrapper(_note_reads):
                yield read
    finally:
        _trackers.reset(token)


def note_scopes(found: Iterable[str]) -> None:
    """What a page shows without querying it (a value from the cache) counts as read."""
    for tracker in _trackers.get():
        tracker.update(found)


# --- Versions ------------------------------------------------------------------------------------
# The scopes read by the pages this process put in the cache since it last set their versions: a second
# write to these scopes in the same transaction has nothing new to make stale before the commit does.
# Unknown at start-up (another process may have cached pages): every scope counts as read.
_stored_since_bump: set[str] | None = None
# Whether the current request changed content: its author must never get a stale copy (pagecache).
bumped_in_request: ContextVar[bool] = ContextVar("pagecache_bumped", default=False)


def _new_versions(names: Iterable[str]) -> None:
    global _stored_since_bump
    names = set(names)
    _stored_since_bump = (set(scopes()) if _stored_since_bump is None else _stored_since_bump) - names
    cache().set_many({version_key(scope): uuid.uuid4().hex for scope in names}, None)


def note_page_stored(read: Iterable[str]) -> None:
    if _stored_since_bump is not None:
        _stored_since_bump.update(read)


def _stored_since_last_bump(names: frozenset[str]) -> bool:
    return _stored_since_bump is None or bool(names & _stored_since_bump)


class _BumpAtCommit:
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def __call__(self) -> None:
        _new_versions(self.names)


def _pending_at_commit(connection: Any, names: frozenset[str]) -> bool:
    """New versions of these scopes are due already when this transaction (or savepoint) commits."""
    current = set(connection.savepoint_ids)
    return any(
        isinstance(func, _BumpAtCommit) and names <= func.names and ids <= current
        for ids, func, _robust in connection.run_on_commit
    )


def scope_of_write(written: Any) -> str | None:
    """The scope a write to this model (or instance) changes; a tagged item counts for what it tags."""
    model: Any = written if isinstance(written, type) else type(written)
    label = model._meta.app_label
    if label == "taggit":
        content_type = getattr(written, "content_type", None) if not isinstance(written, type) else None
        if content_type is None:
            return None
        label = content_type.app_label
    return scope_of_app().get(label)


def bump_content_version(*written: Any) -> None:
    """Cached pages that read the scopes of these models or instances (every scope when none is given)
    are stale from now on, and again once the current transaction commits: a visitor who came in
    between may have cached a page built from the rows before the commit.

    Once per transaction, however many rows it writes (an initiative's save sends four signals, an
    import hundreds): the write visible at once within the transaction (a page cached since then, as
    in a test's single transaction) is the one exception that sets a new version again."""
    named = {scope for each in written if (scope := scope_of_write(each))} if written else set(scopes())
    names = frozenset(named)
    if not names:
        return
    bumped_in_request.set(True)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: the row is visible to everyone already
        _new_versions(names)
        return
    pending = _pending_at_commit(connection, names)
    if _stored_since_last_bump(names) or not pending:
        _new_versions(names)
    if not pending:
        transaction.on_commit(_BumpAtCommit(names))


def current_versions(found: dict[str, Any], names: Iterable[str]) -> dict[str, str]:
    """The versions of these scopes, from what a get_many already found (a new one if the cache lost it)."""
    versions = {}
    for scope in names:
        key = version_key(scope)
        version = found.get(key)
        if version is None:
            cache().add(key, uuid.uuid4().hex, None)
            version = cache().get(key)
        versions[scope] = str(version)
    return versions


def up_to_date(versions: dict[str, str], found: dict[str, Any]) -> bool:
    return all(found.get(version_key(scope)) == version for scope, version in versions.items())


def cached_until_content_changes(name: str, compute: Callable[[], Any], timeout: int = 3600) -> Any:
    """`compute()`'s value, kept until what it read changes (as pages are) or `timeout` seconds pass:
    for what many pages read and costs more than a page (the observatory's figures)."""
    key = f"pagecache:derived:{name}"
    found = cache().get_many([key, *version_keys()])
    entry = found.get(key)
    if entry is not None and up_to_date(entry["versions"], found):
        note_scopes(entry["versions"])
        return entry["value"]
    with track_reads() as read:
        value = compute()
    cache().set(key, {"value": value, "versions": current_versions(found, read)}, timeout)
    note_page_stored(read)  # a later write in this transaction must make it stale too
    return value


def _bookkeeping_only(sender: Any, update_fields: Any) -> bool:
    """A save of bookkeeping alone (a member's last login, a feed's last fetch and ETag, an import's notes
    for staff) changes no page: the cache of every page must not go every 30 minutes with the fetches."""
    bookkeeping: frozenset[str] = getattr(sender, "BOOKKEEPING_FIELDS", frozenset())
    return bool(update_fields) and frozenset(update_fields) <= bookkeeping


def _row_written(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if sender.__module__ == "__fake__":  # a migration's historical model: no page exists yet to go stale
        return
    if _bookkeeping_only(sender, update_fields):
        return
    if sender._meta.label_lower == "taggit.tag":
        # A new tag shows nowhere until an item has it (that write counts); a renamed one, wherever used.
        if kwargs.get("created") is False:
            bump_content_version()
    elif scope_of_write(instance):
        bump_content_version(instance)


def _relation_written(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A relation changed: the scope of its table (a tag added: the scope of the object tagged)."""
    if sender.__module__ == "__fake__":
        return
    written = instance if sender._meta.app_label == "taggit" else sender
    if scope_of_write(written):
        bump_content_version(written)


def watch_content_writes() -> None:
    """Called once at start-up (CoreConfig.ready): any save, delete or relation change of content."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_row_written, dispatch_uid="pagecache-save")
    post_delete.connect(_row_written, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_relation_written, dispatch_uid="pagecache-m2m")
