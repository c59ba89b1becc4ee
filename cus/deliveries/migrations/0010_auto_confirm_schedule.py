"""The daily automatic confirmation of logs, as a django-celery-beat row administrators can change in the admin:
every day at 02:30 (Europe/Warsaw, shared by Poland, Czechia and Slovenia), the logs nobody disputed within the
centre's days after their statement's submission are confirmed (``services.auto_confirm_logs``).

Idempotent (the row is found by name; an administrator's later changes are kept) and reversible.
"""

from django.db import migrations

TIMEZONE = "Europe/Warsaw"
NAME = "Confirm undisputed logs (daily)"
TASK = "cus.auto_confirm_logs"
CRONTAB = ("30", "2", "*")  # minute, hour, day of month
DESCRIPTION = (
    "Confirms the logged, unflagged, undisputed logs of the statements submitted at least the centre's "
    "'confirm logs automatically after (days)' ago (at submission when the centre does not ask for confirmation)."
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
        ("deliveries", "0009_plausible_logs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
