"""The Coordinators group may manage invitations (also in Django admin) and read the history of
join requests, representatives and invitations, as for every other record of the network.
The permissions are written out, as in 0003, so that what this grants never changes."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.access import COORDINATORS_GROUP

GRANTED = [
    ("partners", "add_invitation"),
    ("partners", "change_invitation"),
    ("partners", "view_invitation"),
    ("partners", "view_historicalinvitation"),
    ("partners", "view_historicaljoinrequest"),
    ("partners", "view_historicalrepresentative"),
]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    candidates = Permission.objects.filter(
        codename__in=[codename for _, codename in GRANTED]
    ).select_related("content_type")
    return [p for p in candidates if (p.content_type.app_label, p.codename) in GRANTED]


def grant(apps, schema_editor):
    # On a fresh database permissions are made after every migration (post_migrate).
    create_permissions(
        global_apps.get_app_config("partners"),
        verbosity=0,
        using=schema_editor.connection.alias,
        apps=apps,
    )
    permissions = _permissions(apps)
    missing = set(GRANTED) - {(p.content_type.app_label, p.codename) for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing for the Coordinators group: {sorted(missing)}")
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
        ("protocol_portal", "0005_site_settings_history_and_notification_address"),
        ("partners", "0016_importrun_updated_at"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
