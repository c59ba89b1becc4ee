"""Closed months move below reports: deliveries keep their own table of the months closed to logs (written by the
reports app's month close through ``cus.deliveries.services``), filled here from the months reports has closed."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def copy_closed_months(apps, schema_editor):
    # A migration-time dependency on reports only (see ``dependencies``): the code never imports it.
    month_close = apps.get_model("reports", "MonthClose")
    closed_month = apps.get_model("deliveries", "ClosedMonth")
    closed_month.objects.bulk_create(
        closed_month(centre_id=centre_id, month=month)
        for centre_id, month in month_close.objects.filter(status="closed").values_list("centre_id", "month")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('deliveries', '0003_idempotency'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClosedMonth',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('month', models.DateField(help_text='The first day of the month.', verbose_name='month')),
                ('centre', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.centre', verbose_name='centre')),
            ],
            options={
                'verbose_name': 'closed month',
                'verbose_name_plural': 'closed months',
                'ordering': ['-month'],
                'constraints': [models.UniqueConstraint(fields=('centre', 'month'), name='closed_month_once_per_centre')],
            },
        ),
        migrations.RunPython(copy_closed_months, migrations.RunPython.noop),
    ]
