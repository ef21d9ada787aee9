"""The statistics' rows with the columns the figures read first and the time-free part of their conditions stored.

PostgreSQL reads a row's columns in order up to the last one a statement needs: the grouped figures read the
district, the dates and the days first, and the columns that only feed the generated ones last. The generated
columns (`is_open`, `answer_missing_from`, `late_from`, `long_late_from`) hold what the figures' conditions ask of
a dialogue apart from the moment, so each page compares a moment with a column. A table's columns cannot be put in
another order, so the table is made again and filled by `refresh_statistics_row` (migration 0008): its rows are a
copy of the dialogues, their leads and their escalations, and nothing else is lost. Its triggers stay as they are.
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models

from mokum.migrating import postgresql_only

OPEN = ("requested", "assigned", "in_dialogue", "awaiting_initiative", "outcome_proposed", "contested", "reopened")
LATE_SIDES = ("officials", "coordinator")
FILL = "SELECT refresh_statistics_row(id) FROM dialogues_dialogue"
NOTHING = "SELECT 1"


def foreign_key(to, **options):
    return models.ForeignKey(
        db_constraint=False,
        db_index=False,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to=to,
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0008_statistics_rows"),
    ]

    operations = [
        # Backwards, the table of migration 0008 is filled again once it is made again.
        postgresql_only(NOTHING, FILL),
        migrations.DeleteModel(name="StatisticsRow"),
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
                ("district", foreign_key("districts.district")),
                ("created_at", models.DateTimeField()),
                ("escalations", models.IntegerField(default=0)),
                ("first_response_days", models.SmallIntegerField(null=True)),
                ("outcome_days", models.SmallIntegerField(null=True)),
                ("first_response_on_time", models.BooleanField(null=True)),
                (
                    "is_open",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.ExpressionWrapper(
                            models.Q(("state__in", OPEN)), output_field=models.BooleanField()
                        ),
                        output_field=models.BooleanField(),
                    ),
                ),
                (
                    "answer_missing_from",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Case(
                            models.When(
                                models.Q(
                                    ("first_response_at__isnull", True),
                                    models.Q(
                                        ("ended_at__isnull", True),
                                        ("ended_at__gt", models.F("first_answer_due_at")),
                                        _connector="OR",
                                    ),
                                ),
                                then=models.F("first_answer_due_at"),
                            )
                        ),
                        output_field=models.DateTimeField(),
                    ),
                ),
                (
                    "late_from",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Case(
                            models.When(
                                models.Q(("state__in", OPEN), ("waiting_on__in", LATE_SIDES)),
                                then=models.F("deadline_at"),
                            )
                        ),
                        output_field=models.DateTimeField(),
                    ),
                ),
                (
                    "long_late_from",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Case(
                            models.When(
                                models.Q(
                                    ("state__in", OPEN),
                                    ("waiting_on__in", LATE_SIDES),
                                    ("deadline_at__isnull", False),
                                    ("long_overdue_at__isnull", False),
                                ),
                                then=django.db.models.functions.comparison.Greatest("deadline_at", "long_overdue_at"),
                            )
                        ),
                        output_field=models.DateTimeField(),
                    ),
                ),
                ("first_response_at", models.DateTimeField(null=True)),
                ("concluded_at", models.DateTimeField(null=True)),
                ("state", models.CharField(max_length=20)),
                ("outcome_type", models.CharField(max_length=16)),
                ("lead_department_name", models.CharField(max_length=120, null=True)),
                ("lead_department", foreign_key("districts.department", null=True)),
                ("initiative", foreign_key("initiatives.initiative")),
                ("waiting_on", models.CharField(max_length=12)),
                ("deadline_at", models.DateTimeField(null=True)),
                ("long_overdue_at", models.DateTimeField(null=True)),
                ("first_answer_due_at", models.DateTimeField(null=True)),
                ("ended_at", models.DateTimeField(null=True)),
            ],
            options={
                "indexes": [models.Index(fields=["district", "created_at"], name="statisticsrow_district_opened")],
            },
        ),
        postgresql_only(FILL, NOTHING),
    ]
