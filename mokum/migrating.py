"""What the project's migrations share."""

from django.db import migrations


def postgresql_only(sql: str, reverse_sql: str) -> migrations.RunPython:
    """Return an operation that runs `sql` (and `reverse_sql` backwards) on PostgreSQL and does nothing elsewhere.

    For what only PostgreSQL has: triggers, text vectors, trigram indexes. On SQLite the tables they fill stay empty
    and the code reads the tables they copy from.
    """

    def on_postgresql(sql):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql)

        return run

    return migrations.RunPython(on_postgresql(sql), on_postgresql(reverse_sql), elidable=False)
