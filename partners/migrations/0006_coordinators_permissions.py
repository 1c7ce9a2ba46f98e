"""Nothing any more: granting the Coordinators group its permissions spans the apps, so it moved
to the top package (protocol_portal 0003). Kept so that databases which ran it stay in step."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_organisation_search_trigram_index")]

    operations = []
