"""The daily continuation of assignments, as a django-celery-beat row administrators can change in the admin: every
day at 02:45 (Europe/Warsaw), assignments that stopped at a contract's end continue on the provider's renewed or
next contract once it is active, and each assigned service's line is the one in force that day
(``services.extend_assignments``).

Idempotent (the row is found by name; an administrator's later changes are kept) and reversible.
"""

from django.db import migrations

from cus.core.beat_schedules import periodic_task

NAME = "Continue assignments on renewed contracts (daily)"
DESCRIPTION = (
    "Planned services assigned up to the end of a contract continue on the same provider's renewed or next contract "
    "once it is active; the line in force today becomes each service's current line."
)
create_schedule, remove_schedule = periodic_task(
    name=NAME, task="cus.extend_assignments", crontab=("45", "2", "*"), description=DESCRIPTION
)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_assignment_periods"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
