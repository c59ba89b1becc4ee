"""Load the shipped service-type taxonomy (cus/catalogue/taxonomy.py).

When that data changes, add a migration like this one: the sync is idempotent.
"""

from django.db import migrations


def sync_shipped_service_types(apps, schema_editor):
    from cus.catalogue.services import sync_shipped_service_types

    sync_shipped_service_types(service_type_model=apps.get_model("catalogue", "ServiceType"))


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(sync_shipped_service_types, migrations.RunPython.noop),
    ]
