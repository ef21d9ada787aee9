"""Ship the fixed set of themes; their names are translated in code."""

from django.db import migrations

THEMES = ["social", "housing", "energy", "mobility", "public-space", "greenery", "culture", "youth", "care",
          "safety", "economy", "other"]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("initiatives", "Theme")
    for slug in THEMES:
        Theme.objects.get_or_create(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
