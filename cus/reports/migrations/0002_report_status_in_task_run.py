"""A report run's status, error message and finish time move to its background job (TaskRun).

Before the report's own columns go (0003), each job takes the report's values, which are what users saw; a
run without a job (its job deleted) gets one recording them. Reversed, the report's columns (added back by
reversing 0003) take the job's values again.
"""

from django.db import migrations

TASK_NAME = "cus.generate_report"  # the report job's task name when this migration was written


def to_task_runs(apps, schema_editor):
    ReportRun = apps.get_model("reports", "ReportRun")
    TaskRun = apps.get_model("core", "TaskRun")
    for run in ReportRun.objects.select_related("task_run").order_by("pk").iterator(chunk_size=500):
        job = run.task_run
        if job is None:
            job = TaskRun.objects.create(
                centre_id=run.centre_id, kind="report", task_name=TASK_NAME, params={"report_run": str(run.pk)},
                created_by_id=run.requested_by_id, attempts=0 if run.status == "queued" else 1,
            )
            TaskRun.objects.filter(pk=job.pk).update(created_at=run.created_at)
            ReportRun.objects.filter(pk=run.pk).update(task_run=job)
        if (job.status, job.message, job.finished_at) != (run.status, run.message, run.finished_at):
            TaskRun.objects.filter(pk=job.pk).update(
                status=run.status, message=run.message, finished_at=run.finished_at
            )


def to_report_runs(apps, schema_editor):
    ReportRun = apps.get_model("reports", "ReportRun")
    for run in ReportRun.objects.select_related("task_run").order_by("pk").iterator(chunk_size=500):
        job = run.task_run
        if job is not None:
            ReportRun.objects.filter(pk=run.pk).update(
                status=job.status, message=job.message, finished_at=job.finished_at
            )


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_taskrun"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(to_task_runs, to_report_runs, elidable=True),
    ]
