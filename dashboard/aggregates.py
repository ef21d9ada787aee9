"""Percentiles as database aggregates: the median and the 90th percentile of working-day durations.

PostgreSQL computes them with `percentile_cont(p) WITHIN GROUP (ORDER BY x)`, in the same query as the
counts. SQLite has no such function, so for the embedded development database only, `register_sqlite_percentile`
adds an aggregate function of the same meaning (linear interpolation between the closest ranks) to each
SQLite connection; production runs on PostgreSQL and never uses it.
"""

import math

from django.db.models import Aggregate, FloatField

SQLITE_FUNCTION = "mokum_percentile_cont"


class Percentile(Aggregate):
    """The continuous percentile `fraction` (0.5: the median) of an expression, ignoring NULLs."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile fraction lies between 0 and 1.")
        # A float we control, never user input, so it is safe to put into the SQL as a literal.
        super().__init__(expression, fraction=repr(float(fraction)), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # Development only: the function registered by register_sqlite_percentile (see the module docstring).
        clone = self.copy()
        clone.function = SQLITE_FUNCTION
        clone.template = "%(function)s(%(expressions)s, %(fraction)s)"
        return super(Percentile, clone).as_sql(compiler, connection, **extra_context)


def percentile_cont(values, fraction: float) -> float | None:
    """Return the continuous percentile of `values` as PostgreSQL's percentile_cont does (None when empty)."""
    return percentiles_of_sorted(sorted(v for v in values if v is not None), [fraction])[0]


def percentiles_of_sorted(ordered, fractions) -> list[float | None]:
    """Return `percentile_cont` of the sorted numbers `ordered` for each fraction (None when empty)."""
    if not ordered:
        return [None for _fraction in fractions]
    found = []
    for fraction in fractions:
        position = fraction * (len(ordered) - 1)
        lower = math.floor(position)
        below, above = ordered[lower], ordered[math.ceil(position)]
        found.append(float(below + (above - below) * (position - lower)))
    return found


class _SQLitePercentile:
    """SQLite aggregate: collects the group's values, then interpolates (embedded database only)."""

    def __init__(self):
        self.values = []
        self.fraction = 0.5

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


def register_sqlite_percentile(sender, connection, **kwargs):
    """Add the percentile aggregate to a new SQLite connection (connected from DashboardConfig.ready)."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_FUNCTION, 2, _SQLitePercentile)
