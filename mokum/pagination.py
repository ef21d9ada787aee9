"""Pages of a list whose rows say how many there are in all: one query instead of a count and a page.

A search ranks every match before it can show the best twenty, so PostgreSQL has all of them in hand anyway:
counting them in the same query (`COUNT(*) OVER ()`) costs less than a second query that finds them all again.
Without a search the newest twenty come from an index's first rows, and a separate count is cheaper; the list
chooses this paginator only for searches.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Window

TOTAL = "listed_total"


class CountingPaginator(Paginator):
    """A paginator that reads a page's rows and the number of all rows in one query.

    Only for a query without DISTINCT (a window counts rows before DISTINCT removes any) and without orphans;
    otherwise, and when the page asked for is empty or not a number, it answers as Django's paginator does.
    `read(bottom, size)`, when given, reads the rows (each with `listed_total`) instead of the queryset, e.g. through
    a prepared query of the same rows.
    """

    def __init__(self, object_list, per_page, *args, read=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.read = read or self._read

    def _read(self, bottom: int, size: int) -> list:
        return list(self.object_list.annotate(**{TOTAL: Window(Count("pk"))})[bottom : bottom + size])

    def page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # not a number: Django's error
        if wanted < 1 or self.orphans or "count" in self.__dict__:
            return super().page(number)
        if self.read == self._read:
            query = getattr(self.object_list, "query", None)
            if query is None or query.distinct:
                return super().page(number)
        bottom = (wanted - 1) * self.per_page
        rows = self.read(bottom, self.per_page)
        if not rows:
            return super().page(number)  # past the last page (or nothing at all): counted the usual way
        self.__dict__["count"] = getattr(rows[0], TOTAL)  # what `count` (a cached property) would have said
        return self._get_page(rows, self.validate_number(wanted), self)


class Built:
    """A list's query, built only when it is used: when a page read in another way turns out to be empty."""

    ordered = True  # what the paginator asks before anything else; the query is ordered when it is built

    def __init__(self, build):
        self._build = build
        self._query = None

    @property
    def query_set(self):
        if self._query is None:
            self._query = self._build()
        return self._query

    def count(self):
        return self.query_set.count()

    def __getitem__(self, item):
        return self.query_set[item]

    def __len__(self):
        return len(self.query_set)

    def __iter__(self):
        return iter(self.query_set)
