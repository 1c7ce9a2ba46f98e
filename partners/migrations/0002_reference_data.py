from django.db import migrations

from core.access import COORDINATORS_GROUP
from partners.reference_data import MUNICIPALITIES, REGIONS, SUPPORT_AREAS


def load_reference_data(apps, schema_editor):
    SupportArea = apps.get_model("partners", "SupportArea")
    Region = apps.get_model("partners", "Region")
    Municipality = apps.get_model("partners", "Municipality")
    Group = apps.get_model("auth", "Group")

    for position, (code, name_bg, name_en) in enumerate(SUPPORT_AREAS):
        SupportArea.objects.update_or_create(
            code=code,
            defaults={"name": name_bg, "name_bg": name_bg, "name_en": name_en, "position": position},
        )
    regions = {}
    for code, slug, name_bg, name_en in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code, defaults={"slug": slug, "name": name_bg, "name_bg": name_bg, "name_en": name_en}
        )
    for region_code, municipalities in MUNICIPALITIES.items():
        for slug, name_bg, name_en in municipalities:
            Municipality.objects.update_or_create(
                region=regions[region_code],
                slug=slug,
                defaults={"name": name_bg, "name_bg": name_bg, "name_en": name_en},
            )
    Group.objects.get_or_create(name=COORDINATORS_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
