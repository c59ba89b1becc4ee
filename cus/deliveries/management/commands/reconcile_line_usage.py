"""manage.py reconcile_line_usage [--fix]: compare the contract lines' running totals and the months' rollups
with their logs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cus.deliveries.services import reconcile_line_usage, reconcile_month_totals


class Command(BaseCommand):
    help = (
        "Compare every contract line's running totals (units delivered and confirmed, amount spent) with the sums "
        "of its logs in force, and every month's rollup of delivered logs (per line, service type and month) with "
        "the logs of that month. Lists what differs and exits with status 1; with --fix, sets the totals to the "
        "logs' sums and rebuilds the rollups (rows written in bulk without the services need this)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="Set the totals that differ to the logs' sums.")

    def handle(self, *args: Any, fix: bool = False, **options: Any) -> None:
        months = reconcile_month_totals(fix=fix)
        mismatches = reconcile_line_usage(fix=fix)
        for found in mismatches:
            self.stdout.write(
                f"line {found.line_id}: kept delivered {found.kept.units_delivered} confirmed "
                f"{found.kept.units_confirmed} spent {found.kept.amount_spent}; logs say delivered "
                f"{found.from_logs.units_delivered} confirmed {found.from_logs.units_confirmed} spent "
                f"{found.from_logs.amount_spent}"
            )
        for month in months:
            self.stdout.write(f"month {month.key}: kept {month.kept}; logs say {month.from_logs}")
        if not mismatches and not months:
            self.stdout.write("Every contract line's totals and every month's rollup equal the logs.")
        elif fix:
            self.stdout.write(f"Fixed {len(mismatches)} contract line(s) and {len(months)} month rollup(s).")
        else:
            raise CommandError(
                f"{len(mismatches)} contract line(s) and {len(months)} month rollup(s) differ from their logs; "
                "run with --fix."
            )
