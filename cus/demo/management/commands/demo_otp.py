"""manage.py demo_otp <email>: the current two-factor code of a demo login (they share the README's demo secret)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cus.demo.steps.mfa import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current two-factor sign-in code of a demo login (only devices with the demo secret)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__email__iexact=email.strip(), key=DEMO_TOTP_KEY, confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{email} has no demo authenticator (only the demo logins that need a code have one).")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        if totp.t() <= device.last_t:
            # This step's code was used already (a code signs in once): the next step's is accepted too.
            totp.time += device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
