"""A periodic task as a django-celery-beat row, created by an app's data migration so administrators can change it in
the admin: the pair of functions a ``migrations.RunPython`` takes.

Idempotent (the row is found by name; an administrator's later changes are kept) and reversible. Uses only the
historical models the migration passes in, so a migration written with it stays valid as the models change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TIMEZONE = "Europe/Warsaw"  # shared by Poland, Czechia and Slovenia

MigrationFunction = Callable[[Any, Any], None]


def periodic_task(
    *, name: str, task: str, crontab: tuple[str, str, str], description: str
) -> tuple[MigrationFunction, MigrationFunction]:
    """(create, remove) for the task ``task`` named ``name`` at ``crontab`` (minute, hour, day of month)."""
    minute, hour, day_of_month = crontab

    def create_schedule(apps: Any, schema_editor: Any) -> None:
        from django.utils import timezone

        crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
        schedule, _ = crontab_model.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=day_of_month, month_of_year="*", day_of_week="*", timezone=TIMEZONE
        )
        apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
            name=name, defaults={"task": task, "crontab": schedule, "description": description}
        )
        # Tell a running beat that the schedule changed (what PeriodicTask's save signal does outside migrations).
        apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
            ident=1, defaults={"last_update": timezone.now()}
        )

    def remove_schedule(apps: Any, schema_editor: Any) -> None:
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()
        apps.get_model("django_celery_beat", "CrontabSchedule").objects.filter(
            periodictask__isnull=True, timezone=TIMEZONE, minute=minute, hour=hour, day_of_month=day_of_month
        ).delete()

    return create_schedule, remove_schedule
