"""One person, one record (1/3): PostgreSQL's unaccent and pg_trgm extensions and the ``cus_fold`` function with the
indexes of the accent-insensitive search (cus.core.textmatch; SQLite gets the same functions from Python on each
connection), and the ``merged_into`` pointer of a record merged into another."""

import django.db.models.deletion
from django.db import migrations, models


NAMES = ("first_name", "last_name")


def create_text_functions(apps, schema_editor):  # type: ignore[no-untyped-def]
    """PostgreSQL: the extensions, ``cus_fold`` (lower case, no accents) as an IMMUTABLE SQL function (unaccent()
    itself is only STABLE, so no index could use it), and trigram indexes on the folded names that serve the
    accent-insensitive client search (``LIKE`` on ``cus_fold(col)``). SQLite gets ``cus_fold`` and
    ``cus_similarity`` from Python on each connection (cus.core.textmatch): nothing to do here."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The dictionary and the function named with their schema: immutable whatever the search_path.
    schema_editor.execute(
        "DO $$ DECLARE s text; BEGIN "
        "SELECT extnamespace::regnamespace::text INTO s FROM pg_extension WHERE extname = 'unaccent'; "
        "EXECUTE format('CREATE OR REPLACE FUNCTION cus_fold(text) RETURNS text LANGUAGE sql IMMUTABLE "
        "PARALLEL SAFE STRICT AS $f$ SELECT lower(%1$s.unaccent(%2$L::regdictionary, $1)) $f$', s, s || '.unaccent'); "
        "END $$",
        params=None,  # the statement's % are format()'s, not placeholders
    )
    for column in NAMES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS client_{column}_fold_trgm ON clients_client "
            f"USING gin ((cus_fold({column}::text)) gin_trgm_ops)"
        )


def drop_text_functions(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAMES:
        schema_editor.execute(f"DROP INDEX IF EXISTS client_{column}_fold_trgm")
    schema_editor.execute("DROP FUNCTION IF EXISTS cus_fold(text)")


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0008_record_revisions'),
    ]

    operations = [
        migrations.RunPython(create_text_functions, drop_text_functions),
        migrations.AddField(
            model_name='client',
            name='merged_into',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='absorbed', to='clients.client', verbose_name='merged into'),
        ),
        migrations.AddField(
            model_name='historicalclient',
            name='merged_into',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='clients.client', verbose_name='merged into'),
        ),
        migrations.AlterField(
            model_name='client',
            name='distinct_from',
            field=models.ManyToManyField(blank=True, help_text='Records a coordinator confirmed are not the same person despite a matching name.', to='clients.client', verbose_name='confirmed as different persons'),
        ),
        migrations.AlterField(
            model_name='client',
            name='status',
            field=models.CharField(choices=[('referred', 'Referred'), ('active', 'Active'), ('inactive', 'Inactive'), ('closed', 'Closed'), ('merged', 'Merged into another record')], default='referred', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalclient',
            name='status',
            field=models.CharField(choices=[('referred', 'Referred'), ('active', 'Active'), ('inactive', 'Inactive'), ('closed', 'Closed'), ('merged', 'Merged into another record')], default='referred', max_length=10, verbose_name='status'),
        ),
    ]
