"""The daily retention job's beat schedule, as a django-celery-beat row administrators can change in the admin:
every day at 03:00 (Europe/Warsaw, shared by Poland, Czechia and Slovenia), one retention job per centre.

Idempotent (the row is found by name; an administrator's later changes are kept) and reversible.
"""

from django.db import migrations

TIMEZONE = "Europe/Warsaw"
NAME = "Retention (daily)"
TASK = "cus.start_retention"
CRONTAB = ("0", "3", "*")  # minute, hour, day of month
DESCRIPTION = (
    "Starts one retention job per centre: anonymises the case files, referrals and delivery logs past their "
    "retention (never under a legal hold), removes expired subject-access copies, writes the disposal log."
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
        ("retention", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
