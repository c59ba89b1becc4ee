"""The daily retention job's beat schedule, as a django-celery-beat row administrators can change in the admin:
every day at 03:00 (Europe/Warsaw, shared by Poland, Czechia and Slovenia), one retention job per centre.

Idempotent (the row is found by name; an administrator's later changes are kept) and reversible.
"""

from django.db import migrations

from cus.core.beat_schedules import periodic_task

NAME = "Retention (daily)"
DESCRIPTION = (
    "Starts one retention job per centre: anonymises the case files, referrals and delivery logs past their "
    "retention (never under a legal hold), removes expired subject-access copies, writes the disposal log."
)
create_schedule, remove_schedule = periodic_task(
    name=NAME, task="cus.start_retention", crontab=("0", "3", "*"), description=DESCRIPTION
)


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
