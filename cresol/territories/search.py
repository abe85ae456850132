"""Text normalisation for looking communes up by name, whatever the accents, case and hyphens."""

import re
import unicodedata

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """'Châteauroux' -> 'chateauroux', 'Saint-Cyr-sur-Loire' -> 'saint cyr sur loire'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    ascii_only = ascii_only.replace("œ", "oe").replace("æ", "ae")
    return _NOT_ALPHANUMERIC.sub(" ", ascii_only).strip()
