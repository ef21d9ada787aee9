"""The statistics' copy of each dialogue (StatisticsRow), kept by PostgreSQL in the same transaction as each change.

`refresh_statistics_row(id)` writes a dialogue's row from the dialogue, its current lead and its escalation events
(or deletes it when the dialogue is gone). Triggers call it after every insert and delete of a dialogue and every
update of a column the row copies (a workflow step that raises only the version leaves the row as it is), and after
every change to an assignment and to an escalation event, so bulk updates, the seeding's COPY and deletions keep it
too. The assignment's and the event's triggers first lock their dialogue's row, so a change to the lead and a change
to the dialogue in two transactions at once come one after the other and the second one's refresh reads what the
first one wrote. Elsewhere (SQLite) the table stays empty (dialogues.models).
"""

import django.db.models.deletion
from django.db import migrations, models

from mokum.migrating import postgresql_only

COLUMNS = (
    "district_id, initiative_id, state, waiting_on, outcome_type, created_at, deadline_at, long_overdue_at, "
    "first_response_at, first_answer_due_at, concluded_at, ended_at, first_response_days, first_response_on_time, "
    "outcome_days"
)
UPDATED = ", ".join(f"{name} = EXCLUDED.{name}" for name in COLUMNS.split(", "))
SELECTED = ", ".join(f"d.{name}" for name in COLUMNS.split(", "))
CHANGED = " OR ".join(f"OLD.{name} IS DISTINCT FROM NEW.{name}" for name in COLUMNS.split(", "))

CREATE = f"""
CREATE FUNCTION refresh_statistics_row(changed bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dialogues_statisticsrow (
        dialogue_id, {COLUMNS}, lead_department_id, lead_department_name, escalations
    )
    SELECT d.id, {SELECTED}, lead.department_id, lead.department_name, (
        SELECT COUNT(*) FROM dialogues_dialogueevent e WHERE e.dialogue_id = d.id AND e.action = 'escalated'
    )
    FROM dialogues_dialogue d
    LEFT JOIN dialogues_dialogueassignment lead
        ON lead.dialogue_id = d.id AND lead.is_lead AND lead.ended_at IS NULL
    WHERE d.id = changed
    ON CONFLICT (dialogue_id) DO UPDATE SET {UPDATED},
        lead_department_id = EXCLUDED.lead_department_id, lead_department_name = EXCLUDED.lead_department_name,
        escalations = EXCLUDED.escalations;
    IF NOT FOUND THEN
        DELETE FROM dialogues_statisticsrow WHERE dialogue_id = changed;
    END IF;
END $$;

CREATE FUNCTION statistics_row_of_dialogue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM refresh_statistics_row(OLD.id);
    ELSE
        PERFORM refresh_statistics_row(NEW.id);
    END IF;
    RETURN NULL;
END $$;

-- For an assignment and for an escalation event: the row of the dialogue it belongs to (before and after).
CREATE FUNCTION statistics_row_of_part() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM 1 FROM dialogues_dialogue WHERE id = OLD.dialogue_id FOR NO KEY UPDATE;
        PERFORM refresh_statistics_row(OLD.dialogue_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.dialogue_id <> OLD.dialogue_id) THEN
        PERFORM 1 FROM dialogues_dialogue WHERE id = NEW.dialogue_id FOR NO KEY UPDATE;
        PERFORM refresh_statistics_row(NEW.dialogue_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER statistics_row AFTER INSERT OR DELETE ON dialogues_dialogue
    FOR EACH ROW EXECUTE FUNCTION statistics_row_of_dialogue();
CREATE TRIGGER statistics_row_changed AFTER UPDATE ON dialogues_dialogue
    FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION statistics_row_of_dialogue();
CREATE TRIGGER statistics_row AFTER INSERT OR UPDATE OR DELETE ON dialogues_dialogueassignment
    FOR EACH ROW EXECUTE FUNCTION statistics_row_of_part();
CREATE TRIGGER statistics_row AFTER INSERT ON dialogues_dialogueevent
    FOR EACH ROW WHEN (NEW.action = 'escalated') EXECUTE FUNCTION statistics_row_of_part();
CREATE TRIGGER statistics_row_gone AFTER DELETE ON dialogues_dialogueevent
    FOR EACH ROW WHEN (OLD.action = 'escalated') EXECUTE FUNCTION statistics_row_of_part();
CREATE TRIGGER statistics_row_changed AFTER UPDATE ON dialogues_dialogueevent
    FOR EACH ROW WHEN (OLD.action = 'escalated' OR NEW.action = 'escalated')
    EXECUTE FUNCTION statistics_row_of_part();

SELECT refresh_statistics_row(id) FROM dialogues_dialogue;
"""

DROP = """
DROP TRIGGER statistics_row_changed ON dialogues_dialogueevent;
DROP TRIGGER statistics_row_gone ON dialogues_dialogueevent;
DROP TRIGGER statistics_row ON dialogues_dialogueevent;
DROP TRIGGER statistics_row ON dialogues_dialogueassignment;
DROP TRIGGER statistics_row_changed ON dialogues_dialogue;
DROP TRIGGER statistics_row ON dialogues_dialogue;
DROP FUNCTION statistics_row_of_part();
DROP FUNCTION statistics_row_of_dialogue();
DROP FUNCTION refresh_statistics_row(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0007_escalation_index"),
        ("districts", "0004_dutch_public_holidays"),
        ("initiatives", "0009_public_newest_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="StatisticsRow",
            fields=[
                (
                    "dialogue",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="dialogues.dialogue",
                    ),
                ),
                ("lead_department_name", models.CharField(max_length=120, null=True)),
                ("state", models.CharField(max_length=20)),
                ("waiting_on", models.CharField(max_length=12)),
                ("outcome_type", models.CharField(max_length=16)),
                ("created_at", models.DateTimeField()),
                ("deadline_at", models.DateTimeField(null=True)),
                ("long_overdue_at", models.DateTimeField(null=True)),
                ("first_response_at", models.DateTimeField(null=True)),
                ("first_answer_due_at", models.DateTimeField(null=True)),
                ("concluded_at", models.DateTimeField(null=True)),
                ("ended_at", models.DateTimeField(null=True)),
                ("first_response_days", models.SmallIntegerField(null=True)),
                ("first_response_on_time", models.BooleanField(null=True)),
                ("outcome_days", models.SmallIntegerField(null=True)),
                ("escalations", models.IntegerField(default=0)),
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
                (
                    "initiative",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="initiatives.initiative",
                    ),
                ),
                (
                    "lead_department",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="districts.department",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["district", "created_at"], name="statisticsrow_district_opened")],
            },
        ),
        postgresql_only(CREATE, DROP),
    ]
