"""The language an initiative and an update are written in; and the search document stemmed in that language.

The stored search document (migration 0005) stemmed every text with the Dutch stemmer, which cuts Turkish and
Arabic words into wrong stems. It now uses the text search configuration of the initiative's own language
(`SEARCH_CONFIGS` in initiatives/querysets.py; PostgreSQL ships dutch, english, turkish and arabic), and 'simple'
(no stemming) for any other; the query is stemmed in each of them (`search_query`).
"""

from django.db import migrations, models

TEXT = "COALESCE(title, '') || ' ' || COALESCE(summary, '') || ' ' || COALESCE(description, '')"
# Fixed here rather than imported: a migration keeps the definition it had when written.
CONFIGS = {"nl": "dutch", "en": "english", "tr": "turkish", "ar": "arabic"}
BY_LANGUAGE = (
    "CASE language "
    + " ".join(f"WHEN '{code}' THEN to_tsvector('{config}'::regconfig, {TEXT})" for code, config in CONFIGS.items())
    + f" ELSE to_tsvector('simple'::regconfig, {TEXT}) END"
)
DUTCH_ONLY = f"to_tsvector('dutch'::regconfig, {TEXT})"


def _document(schema_editor, expression):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS initiative_search")
    schema_editor.execute("ALTER TABLE initiatives_initiative DROP COLUMN IF EXISTS search_document")
    schema_editor.execute(
        "ALTER TABLE initiatives_initiative ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED"
    )
    schema_editor.execute("CREATE INDEX initiative_search ON initiatives_initiative USING gin (search_document)")


def stem_in_own_language(apps, schema_editor):
    _document(schema_editor, BY_LANGUAGE)


def stem_in_dutch(apps, schema_editor):
    _document(schema_editor, DUTCH_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0006_intake_answer"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinitiative",
            name="language",
            field=models.CharField(
                choices=[("nl", "Dutch"), ("en", "English"), ("tr", "Turkish"), ("ar", "Arabic")],
                default="nl",
                help_text="The language the text is written in.",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="language",
            field=models.CharField(
                choices=[("nl", "Dutch"), ("en", "English"), ("tr", "Turkish"), ("ar", "Arabic")],
                default="nl",
                help_text="The language the text is written in.",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="initiativeupdate",
            name="language",
            field=models.CharField(
                choices=[("nl", "Dutch"), ("en", "English"), ("tr", "Turkish"), ("ar", "Arabic")],
                default="nl",
                help_text="The language the text is written in.",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(stem_in_own_language, stem_in_dutch),
    ]
