"""manage.py reconcile_line_usage [--fix]: compare the contract lines' running totals with their logs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cus.deliveries.services import reconcile_line_usage


class Command(BaseCommand):
    help = (
        "Compare every contract line's running totals (units delivered and confirmed, amount spent) with the sums "
        "of its logs in force. Lists the lines that differ and exits with status 1; with --fix, sets the totals "
        "to the logs' sums (rows written in bulk without the services need this)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="Set the totals that differ to the logs' sums.")

    def handle(self, *args: Any, fix: bool = False, **options: Any) -> None:
        mismatches = reconcile_line_usage(fix=fix)
        for found in mismatches:
            self.stdout.write(
                f"line {found.line_id}: kept delivered {found.kept.units_delivered} confirmed "
                f"{found.kept.units_confirmed} spent {found.kept.amount_spent}; logs say delivered "
                f"{found.from_logs.units_delivered} confirmed {found.from_logs.units_confirmed} spent "
                f"{found.from_logs.amount_spent}"
            )
        if not mismatches:
            self.stdout.write("Every contract line's totals equal its logs.")
        elif fix:
            self.stdout.write(f"Fixed {len(mismatches)} contract line(s).")
        else:
            raise CommandError(f"{len(mismatches)} contract line(s) differ from their logs; run with --fix.")
