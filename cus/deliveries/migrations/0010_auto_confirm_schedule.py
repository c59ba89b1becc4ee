"""The daily automatic confirmation of logs, as a django-celery-beat row administrators can change in the admin:
every day at 02:30 (Europe/Warsaw, shared by Poland, Czechia and Slovenia), the logs nobody disputed within the
centre's days after their statement's submission are confirmed (``services.auto_confirm_logs``).

Idempotent (the row is found by name; an administrator's later changes are kept) and reversible.
"""

from django.db import migrations

from cus.core.beat_schedules import periodic_task

NAME = "Confirm undisputed logs (daily)"
DESCRIPTION = (
    "Confirms the logged, unflagged, undisputed logs of the statements submitted at least the centre's "
    "'confirm logs automatically after (days)' ago (at submission when the centre does not ask for confirmation)."
)
create_schedule, remove_schedule = periodic_task(
    name=NAME, task="cus.auto_confirm_logs", crontab=("30", "2", "*"), description=DESCRIPTION
)


class Migration(migrations.Migration):
    dependencies = [
        ("deliveries", "0009_plausible_logs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
