"""Indexes that match the queries: no single-column index where a longer index or a unique constraint starts with
the same column, and (on PostgreSQL only) trigram indexes serving the client search.

The search (``?search=`` on clients) is a case-insensitive substring match on first name, last name, reference
and national ID; Django sends it to PostgreSQL as ``UPPER(col::text) LIKE UPPER('%q%')``, which a GIN trigram
index on that same expression serves (a B-tree cannot). SQLite has no such index: there the operations do
nothing.
"""

import django.db.models.deletion
from django.db import migrations, models

SEARCHED = ("first_name", "last_name", "reference", "national_id")


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it. It is left in place
    # when this migration is reversed (other things may use it).
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS client_{column}_trgm ON clients_client "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS client_{column}_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0004_consent_kinds_for_purposes'),
        ('core', '0005_invitation'),
    ]

    operations = [
        migrations.AlterField(
            model_name='assessmentarea',
            name='assessment',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='areas', to='clients.assessment'),
        ),
        migrations.AlterField(
            model_name='casereferencecounter',
            name='centre',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.centre'),
        ),
        migrations.AlterField(
            model_name='client',
            name='centre',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.centre', verbose_name='centre'),
        ),
        migrations.AlterField(
            model_name='clientaccesslog',
            name='client',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='access_log', to='clients.client'),
        ),
        migrations.AlterField(
            model_name='participation',
            name='centre',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.centre', verbose_name='centre'),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
