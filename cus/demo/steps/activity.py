"""What a freshly seeded centre's staff find waiting when they log in: last month's funder report, generated
through the reports service as the worker would, and the reminders of today's scan.

These run after the centre is built (``seed_demo`` calls ``bring_up_to_date`` for each centre it created), not
as build steps: their work grows with the centre's data (one notification per reminder), and both use the
real clock as the worker does (a report's cut-off time, the scan's "today" where the centre is).
"""

from __future__ import annotations

import logging
from collections import Counter

from django.db import transaction

from cus.core import jobs
from cus.core.context import Actor
from cus.core.dates import centre_today
from cus.core.models import Centre, Membership, Role
from cus.notifications.models import Notification
from cus.notifications.rules import scan_reminders
from cus.reports import services as reports
from cus.reports.models import ReportFile, ReportRun

from ..centres import CENTRES


def _manager(centre: Centre) -> Actor | None:
    membership = (
        Membership.objects.filter(centre=centre, role=Role.MANAGER, is_active=True)
        .select_related("centre", "provider", "user")
        .order_by("user__email")
        .first()
    )
    return Actor(user=membership.user, membership=membership) if membership else None


def generate_last_month_report(centre: Centre) -> ReportRun | None:
    """The previous month's funder report, requested by the manager and generated here and now (its job is
    marked done, so the worker skips the message sent for it)."""
    actor = _manager(centre)
    if actor is None:
        return None
    run = reports.request_report(actor=actor, month=reports.previous_month(centre))
    progress = logging.getLogger("weasyprint.progress")  # a line per rendering step, noise in the seed's output
    level = progress.level
    progress.setLevel(logging.WARNING)
    try:
        result = reports.generate_report(str(run.pk))
    finally:
        progress.setLevel(level)
    if run.task_run_id is not None:
        jobs.mark_running(run.task_run_id)
        jobs.mark_done(run.task_run_id, result)
    run.refresh_from_db()
    return run


def bring_up_to_date(centre: Centre, warnings: list[str] | None = None) -> Counter[str]:
    """Generate last month's report and run today's reminder scan for a centre just built; what was created.

    A report that cannot be made here (say, the PDF renderer's system libraries are missing) is left out with a
    warning: the centre is there, and the manager can request the report again from the reports page.
    """
    created: Counter[str] = Counter()
    with transaction.atomic():
        # The main centre's only: rendering a report takes seconds (the PDF), so the second centre goes without.
        if centre.code == CENTRES[0].code:
            try:
                with transaction.atomic():
                    run = generate_last_month_report(centre)
            except Exception as error:  # any failure of the renderer only costs the demo its report
                run = None
                if warnings is not None:
                    warnings.append(f"last month's report was not generated: {error}")
            if run is not None:
                created[str(ReportRun._meta.verbose_name_plural)] += 1
                created[str(ReportFile._meta.verbose_name_plural)] += run.files.count()
        created[str(Notification._meta.verbose_name_plural)] += sum(
            scan_reminders(centre=centre, today=centre_today(centre)).values()
        )
    return created
