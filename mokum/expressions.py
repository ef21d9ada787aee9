"""Small database expressions the ORM lacks, for PostgreSQL and the embedded SQLite alike."""

from django.db.models import Aggregate, TextField


class JoinedText(Aggregate):
    """The group's values as one text, joined by `separator` (STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite).

    The order is not defined. The separator is a constant of ours, never input; values that may contain it
    must be checked by whoever splits the text.
    """

    function = "STRING_AGG"
    name = "JoinedText"
    output_field = TextField()

    def __init__(self, expression, separator=",", **extra):
        if "'" in separator:
            raise ValueError("The separator cannot contain a quote.")
        super().__init__(expression, separator=separator, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        template = "%(function)s(%(expressions)s, '" + self.extra["separator"] + "')"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # STRING_AGG takes text; slugs and numbers are cast to it.
        template = "%(function)s((%(expressions)s)::text, '" + self.extra["separator"] + "')"
        return super().as_sql(compiler, connection, template=template, **extra_context)
