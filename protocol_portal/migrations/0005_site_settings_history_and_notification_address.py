"""The site settings keep a history and gain the coordinators' notification address; the
Coordinators group may now change the site settings in the workspace (and read their history),
and delete the accessions, projects, measures and pilots entered by mistake that nothing
depends on (the workspace's delete page checks that; otherwise it archives).

The permissions are written out, as in 0003, so that what this grants never changes."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.utils import timezone

from core.access import COORDINATORS_GROUP

GRANTED = [
    ("protocol_portal", "view_sitesettings"),
    ("protocol_portal", "change_sitesettings"),
    ("protocol_portal", "view_historicalsitesettings"),
    ("partners", "delete_accession"),
    ("partners", "delete_project"),
    ("measures", "delete_measure"),
    ("measures", "delete_pilot"),
]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    candidates = Permission.objects.filter(
        codename__in=[codename for _, codename in GRANTED]
    ).select_related("content_type")
    return [p for p in candidates if (p.content_type.app_label, p.codename) in GRANTED]


def grant(apps, schema_editor):
    # On a fresh database permissions are made after every migration (post_migrate).
    for app_label in {app_label for app_label, _ in GRANTED}:
        create_permissions(
            global_apps.get_app_config(app_label),
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


def first_version(apps, schema_editor):
    """The settings as they are now become the first version of their history, so that the
    history page and the edit page's version have something to start from."""
    SiteSettings = apps.get_model("protocol_portal", "SiteSettings")
    Historical = apps.get_model("protocol_portal", "HistoricalSiteSettings")
    for row in SiteSettings.objects.all():
        values = {
            field.attname: getattr(row, field.attname)
            for field in SiteSettings._meta.concrete_fields
        }
        Historical.objects.create(
            **values, history_date=timezone.now(), history_type="+", history_change_reason=None
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):

    dependencies = [
        ('protocol_portal', '0004_login_events'),
        ('protocol_portal', '0003_coordinators_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='notification_email',
            field=models.EmailField(blank=True, help_text="Where notices for the coordinators (such as a new request to join) go. Left empty, they go to every active coordinator's own email address.", max_length=254, verbose_name="coordinators' notification address"),
        ),
        migrations.CreateModel(
            name='HistoricalSiteSettings',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('hotline_name', models.CharField(max_length=120, verbose_name='hotline name')),
                ('hotline_name_bg', models.CharField(max_length=120, null=True, verbose_name='hotline name')),
                ('hotline_name_en', models.CharField(max_length=120, null=True, verbose_name='hotline name')),
                ('hotline_number', models.CharField(default='0800 1 86 76', help_text='Shown on every page next to the emergency number 112.', max_length=20, validators=[django.core.validators.RegexValidator('^\\+?[0-9][0-9 ]{2,18}[0-9]$', 'Enter a phone number of digits and spaces, optionally starting with +.')], verbose_name='hotline number')),
                ('hotline_hours', models.CharField(help_text='When the hotline answers, e.g. “24/7, free of charge”.', max_length=120, verbose_name='hotline hours')),
                ('hotline_hours_bg', models.CharField(help_text='When the hotline answers, e.g. “24/7, free of charge”.', max_length=120, null=True, verbose_name='hotline hours')),
                ('hotline_hours_en', models.CharField(help_text='When the hotline answers, e.g. “24/7, free of charge”.', max_length=120, null=True, verbose_name='hotline hours')),
                ('quick_exit_url', models.URLField(default='https://www.sinoptik.bg/', help_text='The neutral site the quick exit leads to. Choose an ordinary, harmless site such as a weather forecast.', verbose_name='quick exit address')),
                ('notification_email', models.EmailField(blank=True, help_text="Where notices for the coordinators (such as a new request to join) go. Left empty, they go to every active coordinator's own email address.", max_length=254, verbose_name="coordinators' notification address")),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical site settings',
                'verbose_name_plural': 'historical site settings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
