"""Pages of a list whose rows say how many there are in all: one query instead of a count and a page.

A search ranks every match before it can show the best twenty, so PostgreSQL has all of them in hand anyway:
counting them in the same query (`COUNT(*) OVER ()`) costs less than a second query that finds them all again.
Without a search the newest twenty come from an index's first rows, and a separate count is cheaper; the list
chooses this paginator only for searches.
"""

from functools import cached_property

from django.core.paginator import Paginator

TOTAL = "listed_total"


class CountingPaginator(Paginator):
    """A paginator that reads a page's rows and the number of all rows in one query: `read(bottom, size)` returns
    the rows, each with `listed_total` (e.g. through a prepared query of the same rows as `object_list`).

    Without orphans; when the page asked for is empty or not a number, it answers as Django's paginator does, from
    `object_list`.
    """

    def __init__(self, object_list, per_page, *args, read, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.read = read

    def page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # not a number: Django's error
        if wanted < 1 or self.orphans or "count" in self.__dict__:
            return super().page(number)
        rows = self.read((wanted - 1) * self.per_page, self.per_page)
        if not rows:
            return super().page(number)  # past the last page (or nothing at all): counted the usual way
        self.__dict__["count"] = getattr(rows[0], TOTAL)  # what `count` (a cached property) would have said
        return self._get_page(rows, self.validate_number(wanted), self)


class Built:
    """A list's query, built only when it is used: when a page read in another way turns out to be empty."""

    ordered = True  # what the paginator asks before anything else; the query is ordered when it is built

    def __init__(self, build):
        self._build = build

    @cached_property
    def query_set(self):
        return self._build()

    def count(self):
        return self.query_set.count()

    def __getitem__(self, item):
        return self.query_set[item]
