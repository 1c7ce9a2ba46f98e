from django.db import migrations

# As SiteSettings.INITIAL_VALUES, copied so the migration never changes with the model.
INITIAL_VALUES = {
    "hotline_name": "Национална линия за пострадали от домашно насилие",
    "hotline_name_bg": "Национална линия за пострадали от домашно насилие",
    "hotline_name_en": "National helpline for survivors of domestic violence",
    "hotline_number": "0800 1 86 76",
    "hotline_hours": "денонощно, безплатно",
    "hotline_hours_bg": "денонощно, безплатно",
    "hotline_hours_en": "24/7, free of charge",
}


def create_site_settings(apps, schema_editor):
    SiteSettings = apps.get_model("protocol_portal", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1, defaults=INITIAL_VALUES)


class Migration(migrations.Migration):
    dependencies = [("protocol_portal", "0001_initial")]

    operations = [migrations.RunPython(create_site_settings, migrations.RunPython.noop)]
