# A report run's status, message and finish time are its job's now (copied there by 0002): the report's own
# columns go, and every run keeps its job.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_taskrun"),
        ("reports", "0002_report_status_in_task_run"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="reportrun",
            name="finished_at",
        ),
        migrations.RemoveField(
            model_name="reportrun",
            name="message",
        ),
        migrations.RemoveField(
            model_name="reportrun",
            name="status",
        ),
        migrations.AlterField(
            model_name="reportrun",
            name="task_run",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="report_run",
                to="core.taskrun",
                verbose_name="background job",
            ),
        ),
    ]
