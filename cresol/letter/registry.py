"""What each section brings to the monthly letter, registered in its AppConfig.ready(): the letter
gathers them without importing any section (the same pattern as the search and the observatory)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Period:
    """The month a letter tells about, [first, last), and the month after it, [last, next_last)."""

    first: datetime
    last: datetime
    next_last: datetime


@dataclass(frozen=True)
class LetterItem:
    title: str
    path: str  # the item's address on the site, made absolute by the letter
    detail: str = ""  # one line: a commune, a date, a source


@dataclass(frozen=True)
class LetterBlock:
    key: str
    title: str  # the block's heading in the letter, in French
    items: Callable[[Period], list[LetterItem]]  # at most a dozen, in one or two queries
    order: int = 100


_blocks: dict[str, LetterBlock] = {}


def register(block: LetterBlock) -> None:
    _blocks[block.key] = block


def registered_blocks() -> list[LetterBlock]:
    return sorted(_blocks.values(), key=lambda block: (block.order, block.key))
