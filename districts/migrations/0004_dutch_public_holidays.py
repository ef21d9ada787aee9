"""Seed the working-day calendar with the Dutch public holidays of 2024–2032 from the `holidays` package (Dutch names).

The package lists Liberation Day (5 May) as a day off only in lustrum years; the city's coordinators add
other closure days in the admin. Holidays that fall on a weekend are kept too: they are harmless and the
list then matches the official calendar.
"""

from django.db import migrations

YEARS = range(2024, 2033)


def add_holidays(apps, schema_editor):
    import holidays

    Holiday = apps.get_model("districts", "Holiday")
    for day, name in sorted(holidays.country_holidays("NL", years=YEARS, language="nl").items()):
        Holiday.objects.get_or_create(date=day, defaults={"name": name, "kind": "public_holiday"})


def remove_holidays(apps, schema_editor):
    apps.get_model("districts", "Holiday").objects.filter(kind="public_holiday").delete()


class Migration(migrations.Migration):
    dependencies = [("districts", "0003_holiday")]

    operations = [migrations.RunPython(add_holidays, remove_holidays)]
