"""Dutch stemming for searching initiatives on SQLite, where PostgreSQL's `dutch` text search is not available.

Both sides are stemmed with the Snowball Dutch stemmer: the words of the query in Python, the initiative's text in
the database through a function registered on every SQLite connection. So "moestuin" finds "moestuinen" and the
other way round, as the full-text search does on PostgreSQL (which stays as it is: `InitiativeQuerySet.search`).
"""

import re
from functools import lru_cache

import snowballstemmer
from django.db.backends.signals import connection_created
from django.db.models import Func, TextField

SQL_FUNCTION = "mokum_dutch_stems"
WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def stems(text: str) -> list[str]:
    """Return the Dutch stems of the words in `text`, lower case, in order."""
    words = WORD.findall((text or "").casefold())
    return _stemmer().stemWords(words) if words else []


def stemmed_text(text) -> str:
    """Return `text` as its stems separated by spaces, with a space at both ends so a stem can match a whole word."""
    return f" {' '.join(stems(text))} " if text else " "


class StemmedText(Func):
    """The Dutch stems of a text expression, computed by SQLite through the registered Python function."""

    function = SQL_FUNCTION
    arity = 1
    output_field = TextField()


def register_sqlite_function(sender, connection, **kwargs):
    """Give each new SQLite connection the stemming function the search fallback calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 1, stemmed_text, deterministic=True)


connection_created.connect(register_sqlite_function, dispatch_uid="initiatives-dutch-stems")
