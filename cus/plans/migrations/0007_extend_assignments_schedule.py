"""The daily continuation of assignments, as a django-celery-beat row administrators can change in the admin: every
day at 02:45 (Europe/Warsaw), assignments that stopped at a contract's end continue on the provider's renewed or
next contract once it is active, and each assigned service's line is the one in force that day
(``services.extend_assignments``).

Idempotent (the row is found by name; an administrator's later changes are kept) and reversible.
"""

from django.db import migrations

TIMEZONE = "Europe/Warsaw"
NAME = "Continue assignments on renewed contracts (daily)"
TASK = "cus.extend_assignments"
CRONTAB = ("45", "2", "*")  # minute, hour, day of month
DESCRIPTION = (
    "Planned services assigned up to the end of a contract continue on the same provider's renewed or next contract "
    "once it is active; the line in force today becomes each service's current line."
)


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    minute, hour, day_of_month = CRONTAB
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=minute, hour=hour, day_of_month=day_of_month, month_of_year="*", day_of_week="*", timezone=TIMEZONE
    )
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "crontab": crontab, "description": DESCRIPTION})
    # Tell a running beat that the schedule changed (what PeriodicTask's save signal does outside migrations).
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask.objects.filter(name=NAME).delete()
    minute, hour, day_of_month = CRONTAB
    CrontabSchedule.objects.filter(
        periodictask__isnull=True, timezone=TIMEZONE, minute=minute, hour=hour, day_of_month=day_of_month
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_assignment_periods"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
