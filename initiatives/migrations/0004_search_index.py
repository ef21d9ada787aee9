"""A GIN index for the full-text search of initiatives, on PostgreSQL only (SQLite searches with LIKE).

The indexed expression must be exactly the one `InitiativeQuerySet.search` filters on, or PostgreSQL
cannot use it; tests/initiatives/test_search.py checks the query plan.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "initiative_search"


def search_index():
    return GinIndex(SearchVector("title", "summary", "description", config="dutch"), name=INDEX_NAME)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("initiatives", "Initiative"), search_index())


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("initiatives", "Initiative"), search_index())


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_support_follow_updates_invitations_reports")]

    operations = [migrations.RunPython(add_search_index, remove_search_index)]
