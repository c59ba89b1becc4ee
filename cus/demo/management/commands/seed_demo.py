"""manage.py seed_demo [--clients N]: load the demo centres (Gdynia, and Sopot to show isolation)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cus.core.models import Centre
from cus.demo.builder import build
from cus.demo.centres import CENTRES, DEMO_PASSWORD
from cus.demo.steps.activity import bring_up_to_date


class Command(BaseCommand):
    help = "Load the demo centres with their logins, providers and clients. Running it again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--clients", type=int, default=None, metavar="N",
            help=f"clients of the main demo centre (default {CENTRES[0].clients})",
        )

    def handle(self, *args: Any, clients: int | None = None, **options: Any) -> None:
        if clients is not None and clients < 0:
            raise CommandError("--clients must be 0 or more")
        started = time.monotonic()
        results = build(clients=clients)
        for result in results:
            if result.created is None:
                self.stdout.write(f"{result.name} ({result.code}): already present, nothing to do.")
                continue
            # Last month's report and today's reminders, waiting for the staff of a centre just built.
            result.created.update(bring_up_to_date(Centre.objects.get(code=result.code), result.warnings))
            counts = ", ".join(f"{what}: {n}" for what, n in result.created.items() if n)
            self.stdout.write(self.style.SUCCESS(f"{result.name} ({result.code}): created {counts}."))
            for warning in result.warnings:
                self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if any(result.created is not None for result in results):
            self.stdout.write(
                f"Done in {time.monotonic() - started:.1f} s. Demo logins use the password {DEMO_PASSWORD!r}."
            )
        else:
            self.stdout.write("Demo data already present: nothing changed.")
