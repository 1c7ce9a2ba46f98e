"""Coordinators may view spreadsheet imports, as every record of the app (0006 grants the others;
the admin shows imports read-only, so add and change give nothing more there)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.access import COORDINATORS_GROUP

CODENAMES = ["add_importrun", "change_importrun", "view_importrun"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(content_type__app_label="partners", codename__in=CODENAMES)
    )


def grant(apps, schema_editor):
    # On a fresh database permissions are created only after every migration (post_migrate).
    create_permissions(
        global_apps.get_app_config("partners"),
        verbosity=0,
        using=schema_editor.connection.alias,
        apps=apps,
    )
    permissions = _permissions(apps)
    if len(permissions) != len(CODENAMES):
        raise RuntimeError("Permissions of ImportRun are missing.")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0007_import_run"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
