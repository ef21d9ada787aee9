"""Lookups that keep a number too large for its column from reaching the database.

Django already answers "no row" for `exact`, `lt`, `gt`… on an integer column when the value does not fit
the column (SQLite would raise OverflowError, PostgreSQL an error). `in` lacks that guard: a form's
multiple choice of rows (`pk__in`) posting a 30-digit id crashed the request. This adds it.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    """`in` on an integer column: values outside the column's range match no row and are left out."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            fitting = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not fitting:
                raise EmptyResultSet
            self.rhs = fitting
        return super().process_rhs(compiler, connection)


def register_lookups() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
