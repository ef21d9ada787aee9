"""Indexes for the public list's newest-first order and the home page's recently accepted initiatives; and, on
PostgreSQL, the search document stored in a generated column instead of computed for every row searched.

Searching computed `to_tsvector(...)` of every candidate row twice, to filter and to rank: with a district and a
theme the planner started from those and ran it for thousands of rows (some 150 ms at city scale). A stored
column is computed once per write, and both the GIN index and the ranking read it. The index keeps its name
(`initiative_search`), and `InitiativeQuerySet.search` reads the column (initiatives/querysets.py).
"""

from django.db import migrations, models

DOCUMENT = (
    "to_tsvector('dutch'::regconfig, COALESCE(title, '') || ' ' || COALESCE(summary, '') || ' ' || "
    "COALESCE(description, ''))"
)


def add_search_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS initiative_search")
    schema_editor.execute(
        f"ALTER TABLE initiatives_initiative ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute("CREATE INDEX initiative_search ON initiatives_initiative USING gin (search_document)")


def remove_search_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS initiative_search")
    schema_editor.execute("ALTER TABLE initiatives_initiative DROP COLUMN IF EXISTS search_document")
    schema_editor.execute(f"CREATE INDEX initiative_search ON initiatives_initiative USING gin ({DOCUMENT})")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0004_search_index")]

    operations = [
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(fields=["-created_at", "-id"], name="initiative_newest"),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("accepted_at__isnull", False)),
                fields=["-accepted_at", "-id"],
                name="initiative_recently_accepted",
            ),
        ),
        migrations.RunPython(add_search_document, remove_search_document),
    ]
