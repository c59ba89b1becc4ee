"""The beat schedules of the background jobs, as django-celery-beat rows that administrators can change in
the admin: reminder scans daily at 06:00, daily digests at 07:00, immediate e-mails every five minutes, and
the monthly reports on the 1st at 02:00 (times in Europe/Warsaw: Poland, Czechia and Slovenia share it).

Idempotent (rows are found by name; an administrator's later changes to a schedule are kept) and reversible.
"""

from django.db import migrations

TIMEZONE = "Europe/Warsaw"

CRONTAB_TASKS = [
    # name, task, (minute, hour, day_of_month), description
    (
        "Reminder scans (daily)",
        "cus.start_reminder_scans",
        ("0", "6", "*"),
        "Starts one reminder scan per centre: reviews, plans and contracts ending, delivery gaps, budgets, "
        "consents, volunteer agreements, monthly statements.",
    ),
    (
        "Notification digests (daily)",
        "cus.send_daily_digests",
        ("0", "7", "*"),
        "One e-mail per user who chose the daily digest, with their notifications not yet e-mailed.",
    ),
    (
        "Monthly reports (1st of the month)",
        "cus.start_monthly_reports",
        ("0", "2", "1"),
        "Starts the monthly reports of the month that has just ended.",
    ),
]
INTERVAL_TASKS = [
    (
        "Notification e-mails (every 5 minutes)",
        "cus.send_notification_emails",
        5,
        "E-mails the notifications of users who want them right away.",
    ),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, (minute, hour, day_of_month), description in CRONTAB_TASKS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            month_of_year="*",
            day_of_week="*",
            timezone=TIMEZONE,
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "description": description}
        )
    for name, task, minutes, description in INTERVAL_TASKS:
        interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "interval": interval, "description": description}
        )
    # Tell a running beat that the schedule changed (what PeriodicTask's save signal does outside migrations).
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    names = [row[0] for row in CRONTAB_TASKS + INTERVAL_TASKS]
    PeriodicTask.objects.filter(name__in=names).delete()
    CrontabSchedule.objects.filter(periodictask__isnull=True, timezone=TIMEZONE).filter(
        minute="0", hour__in=["6", "7", "2"]
    ).delete()
    IntervalSchedule.objects.filter(periodictask__isnull=True, every=5, period="minutes").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_alter_notification_kind_alter_remindersetting_kind"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
