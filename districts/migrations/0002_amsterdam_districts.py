"""Ship Amsterdam's seven districts (stadsdelen), the city area Weesp, and their areas (gebieden)."""

from django.db import migrations
from django.utils.text import slugify

DISTRICTS = [
    # name, city code, kind, visiting address, areas (gebieden, 2022 division)
    ("Centrum", "A", "stadsdeel", "Amstel 1, 1011 PN Amsterdam", ["Centrum-West", "Centrum-Oost"]),
    ("West", "E", "stadsdeel", "Bos en Lommerplein 250, 1055 EK Amsterdam",
     ["Westerpark", "Bos en Lommer", "Oud-West/De Baarsjes"]),
    ("Nieuw-West", "F", "stadsdeel", "Osdorpplein 1000, 1068 TG Amsterdam",
     ["Geuzenveld/Slotermeer", "Osdorp", "De Aker/Sloten/Nieuw-Sloten", "Slotervaart"]),
    ("Zuid", "K", "stadsdeel", "President Kennedylaan 923, 1079 MZ Amsterdam",
     ["Oud-Zuid", "Buitenveldert/Zuidas", "De Pijp/Rivierenbuurt"]),
    ("Oost", "M", "stadsdeel", "Oranje-Vrijstaatplein 2, 1093 NG Amsterdam",
     ["Indische Buurt/Oostelijk Havengebied", "Watergraafsmeer", "IJburg/Zeeburgereiland", "Oud-Oost"]),
    ("Noord", "N", "stadsdeel", "Buikslotermeerplein 2000, 1025 XL Amsterdam",
     ["Noord-West", "Oud-Noord", "Noord-Oost"]),
    ("Zuidoost", "T", "stadsdeel", "Anton de Komplein 150, 1102 CW Amsterdam",
     ["Bijlmer-West", "Bijlmer-Centrum", "Bijlmer-Oost", "Gaasperdam"]),
    ("Weesp", "S", "stadsgebied", "Nieuwstraat 70a, 1381 BD Weesp", ["Weesp/Driemond"]),
]


def add_districts(apps, schema_editor):
    District = apps.get_model("districts", "District")
    Area = apps.get_model("districts", "Area")
    for name, code, kind, address, areas in DISTRICTS:
        district, _ = District.objects.update_or_create(
            slug=slugify(name),
            defaults={"name": name, "code": code, "kind": kind, "address": address, "phone": "14 020",
                      "website": "https://www.amsterdam.nl/"},
        )
        for area in areas:
            Area.objects.get_or_create(district=district, slug=slugify(area.replace("/", "-")),
                                       defaults={"name": area})


def remove_districts(apps, schema_editor):
    apps.get_model("districts", "District").objects.filter(
        slug__in=[slugify(name) for name, *_ in DISTRICTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("districts", "0001_initial")]

    operations = [migrations.RunPython(add_districts, remove_districts)]
