from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill_first_answer_due(apps, schema_editor):
    """Store the first-answer deadline of every assigned dialogue: the deadline its first assignment set.

    The "assign" event records the turn it started, with its deadline, so one UPDATE fills them all.
    """
    Dialogue = apps.get_model("dialogues", "Dialogue")
    DialogueEvent = apps.get_model("dialogues", "DialogueEvent")
    first_assignment = DialogueEvent.objects.filter(dialogue=OuterRef("pk"), action="assign").order_by(
        "created_at", "id"
    )
    Dialogue.objects.update(first_answer_due_at=Subquery(first_assignment.values("deadline_at")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0003_agreed_points"),
    ]

    operations = [
        migrations.AddField(
            model_name="dialogue",
            name="first_answer_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="first answer due"),
        ),
        migrations.RunPython(backfill_first_answer_due, migrations.RunPython.noop, elidable=True),
    ]
