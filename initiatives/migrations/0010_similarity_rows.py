"""The similar initiatives search's copy of each public initiative (SimilarityRow), kept by PostgreSQL.

`similarity_row_of_initiative()` writes an initiative's row from the initiative (district, title, status, and title
and summary as a text vector) when it is public, by the rule of `InitiativeQuerySet.public`, and deletes it when it
is not or is gone. Triggers call it after an insert, a delete, and an update of anything the row or that rule
reads; an update of the supporters' count or the last activity alone leaves the row as it is. The initiative's own
row is locked by the change that fires the trigger, so two changes to one initiative at once come one after the
other and the second one writes what it saw last. The backfill copies the public initiatives there are. Elsewhere (SQLite)
the table stays empty (initiatives.models).

The initiatives' own text vector and the two indexes the search read before (migration 0008) are dropped: the
initiatives' rows are the narrower for it, and a change to one writes two indexes less.
"""

import django.db.models.deletion
from django.db import migrations, models

from mokum.migrating import postgresql_only

# `InitiativeQuerySet.public` (and the index `initiative_public_newest`), for the initiative that fired the trigger.
PUBLIC = (
    "NEW.hidden_at IS NULL AND (NEW.status IN ('active', 'realised', 'stranded') "
    "OR (NEW.status = 'withdrawn' AND NEW.accepted_at IS NOT NULL))"
)
# What the row and the rule read: an update that changes none of these leaves the row alone.
READ = ("title", "summary", "district_id", "status", "hidden_at", "accepted_at")
CHANGED = " OR ".join(f"OLD.{name} IS DISTINCT FROM NEW.{name}" for name in READ)
# The title (weight A) and the summary (weight B) as a Dutch text vector: what a title's words are looked up in.
DOCUMENT = (
    "setweight(to_tsvector('dutch'::regconfig, COALESCE({t}.title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE({t}.summary, '')), 'B')"
)

CREATE = f"""
ALTER TABLE initiatives_similarityrow ADD COLUMN document tsvector NOT NULL;

CREATE FUNCTION similarity_row_of_initiative() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM initiatives_similarityrow WHERE initiative_id = OLD.id;
    ELSIF {PUBLIC} THEN
        INSERT INTO initiatives_similarityrow (initiative_id, district_id, title, status, document)
        VALUES (NEW.id, NEW.district_id, NEW.title, NEW.status, {DOCUMENT.format(t="NEW")})
        ON CONFLICT (initiative_id) DO UPDATE SET district_id = EXCLUDED.district_id, title = EXCLUDED.title,
            status = EXCLUDED.status, document = EXCLUDED.document;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM initiatives_similarityrow WHERE initiative_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER similarity_row AFTER INSERT OR DELETE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION similarity_row_of_initiative();
CREATE TRIGGER similarity_row_changed AFTER UPDATE ON initiatives_initiative
    FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION similarity_row_of_initiative();

INSERT INTO initiatives_similarityrow (initiative_id, district_id, title, status, document)
SELECT i.id, i.district_id, i.title, i.status, {DOCUMENT.format(t="i")} FROM initiatives_initiative i
WHERE {PUBLIC.replace("NEW.", "i.")};
-- After the copy: an index built in one go is compact, where rows added one by one wait in GIN's pending list.
CREATE INDEX similarity_document ON initiatives_similarityrow USING gin (document);
CREATE INDEX similarity_title_trigram ON initiatives_similarityrow USING gist (title gist_trgm_ops);

-- The search read these columns of the initiatives themselves before (migration 0008).
DROP INDEX initiative_title_trigram;
DROP INDEX initiative_similarity;
ALTER TABLE initiatives_initiative DROP COLUMN similarity_document;
"""

DROP = f"""
ALTER TABLE initiatives_initiative ADD COLUMN similarity_document tsvector
    GENERATED ALWAYS AS ({DOCUMENT.format(t="initiatives_initiative")}) STORED;
CREATE INDEX initiative_similarity ON initiatives_initiative USING gin (similarity_document);
CREATE INDEX initiative_title_trigram ON initiatives_initiative USING gist (title gist_trgm_ops);
DROP TRIGGER similarity_row_changed ON initiatives_initiative;
DROP TRIGGER similarity_row ON initiatives_initiative;
DROP FUNCTION similarity_row_of_initiative();
ALTER TABLE initiatives_similarityrow DROP COLUMN document;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0004_dutch_public_holidays"),
        ("initiatives", "0009_public_newest_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SimilarityRow",
            fields=[
                (
                    "initiative",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="initiatives.initiative",
                    ),
                ),
                ("title", models.CharField(max_length=120)),
                ("status", models.CharField(max_length=24)),
                (
                    "district",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="districts.district",
                    ),
                ),
            ],
        ),
        postgresql_only(CREATE, DROP),
    ]
