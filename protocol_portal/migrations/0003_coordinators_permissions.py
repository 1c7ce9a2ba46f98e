"""Coordinators may add, change and view every record of partners, meetings and measures, and
delete the child records listed in DELETABLE. Deleting an organisation archives it: really
deleting one, or any other parent record, is for superusers. History rows are the record of who
changed what: coordinators may read them, never write them.

The model names are written out, not read from the apps, so that what this migration grants
never changes after it has run; a new model needs a migration of its own.

It spans the apps, so it lives in the top package (it was partners 0006, which an existing
database has already run: running this one too grants nothing new).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.access import COORDINATORS_GROUP

# app label -> models coordinators may add, change and view
RECORDS = {
    "partners": [
        "supportarea",
        "region",
        "municipality",
        "organisation",
        "contactperson",
        "representative",
        "protocol",
        "accession",
        "commitment",
        "commitmentupdate",
        "project",
        "deliverable",
        "joinrequest",
    ],
    "meetings": ["meeting", "attendance", "actionitem", "attachment"],
    "measures": [
        "measure",
        "vote",
        "votetally",
        "pilot",
        "milestone",
        "indicator",
        "indicatorreading",
    ],
}
# app label -> child records coordinators may also delete
DELETABLE = {
    "partners": ["contactperson", "commitment", "commitmentupdate", "deliverable"],
    "meetings": ["attendance", "actionitem", "attachment"],
    "measures": ["votetally", "milestone", "indicator", "indicatorreading"],
}
# app label -> history models (django-simple-history) coordinators may view
HISTORY = {
    "partners": [
        "historicalorganisation",
        "historicalcontactperson",
        "historicalprotocol",
        "historicalaccession",
        "historicalcommitment",
        "historicalcommitmentupdate",
        "historicalproject",
        "historicaldeliverable",
    ],
    "meetings": [
        "historicalmeeting",
        "historicalattendance",
        "historicalactionitem",
        "historicalattachment",
    ],
    "measures": [
        "historicalmeasure",
        "historicalvote",
        "historicalvotetally",
        "historicalpilot",
        "historicalindicator",
        "historicalindicatorreading",
    ],
}


def granted():
    """(app label, codename) of every permission the group receives."""
    for app_label, models in RECORDS.items():
        for model in models:
            for action in ("add", "change", "view"):
                yield app_label, f"{action}_{model}"
        for model in DELETABLE[app_label]:
            yield app_label, f"delete_{model}"
        for model in HISTORY[app_label]:
            yield app_label, f"view_{model}"


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    wanted = set(granted())
    candidates = Permission.objects.filter(
        content_type__app_label__in=RECORDS, codename__in={codename for _, codename in wanted}
    ).select_related("content_type")
    return [p for p in candidates if (p.content_type.app_label, p.codename) in wanted]


def grant(apps, schema_editor):
    # On a fresh database Django creates permissions only after every migration has run
    # (post_migrate): create those of the three apps now, from the models as they are here.
    for app_label in RECORDS:
        create_permissions(
            global_apps.get_app_config(app_label),
            verbosity=0,
            using=schema_editor.connection.alias,
            apps=apps,
        )
    permissions = _permissions(apps)
    missing = set(granted()) - {(p.content_type.app_label, p.codename) for p in permissions}
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
        ("protocol_portal", "0002_initial_site_settings"),
        ("partners", "0005_organisation_search_trigram_index"),
        ("meetings", "0002_action_reason_choices_and_attendance_message"),
        ("measures", "0002_measure_number_without_project"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
