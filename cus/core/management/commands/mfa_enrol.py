"""manage.py mfa_enrol <email>: set up two-factor sign-in from the command line.

For a platform operator (created with ``createsuperuser``): the admin site asks for a code from an authenticator
app, and an operator who belongs to no centre has no profile page in the web UI to set one up. Prints the secret
(as a QR code in the terminal, an otpauth:// URI and the key to type), asks for a code from the app, then prints
the ten recovery codes, once.
"""

from __future__ import annotations

import io
from typing import Any

import segno
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cus.core import mfa
from cus.core.errors import ValidationError
from cus.core.models import User


class Command(BaseCommand):
    help = "Set up two-factor sign-in (an authenticator app) for a user, e.g. a platform operator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--replace", action="store_true", help="replace an authenticator app already set up")

    def handle(self, *args: Any, email: str, replace: bool = False, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail {email}.")
        if mfa.is_enabled(user) and not replace:
            raise CommandError(f"{user.email} has two-factor sign-in already; use --replace to set up a new app.")
        enrolment = mfa.start_totp(user=user)
        self.stdout.write("Scan this QR code with an authenticator app (or type the key):\n")
        qr = io.StringIO()
        segno.make(enrolment.uri, error="m", micro=False).terminal(out=qr, compact=True)
        self.stdout.write(qr.getvalue())
        self.stdout.write(f"\n  key: {enrolment.secret}\n  URI: {enrolment.uri}\n")
        for _attempt in range(3):
            code = input("Code shown by the app: ").strip()
            try:
                _device, codes = mfa.confirm_totp(user=user, code=code)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            self.stdout.write(self.style.SUCCESS(f"Two-factor sign-in is on for {user.email}."))
            self.stdout.write("Recovery codes (each signs in once, instead of a code; keep them safe, they are not "
                              "shown again):")
            for recovery_code in codes:
                self.stdout.write(f"  {recovery_code}")
            return
        raise CommandError("Three wrong codes: run the command again.")
