"""The Django admin site: only for platform operators (``cus.core.admin_access``) signed in with a second factor
(django-otp's ``OTPAdminSite``).

Its login page asks for the e-mail, the password and a code from the authenticator app; a session signed in
through the API's two steps (``/api/v1/auth/login/`` then ``/api/v1/auth/mfa/verify/``) counts as verified too.
Someone without a confirmed device cannot enter: they set one up first (the web UI's profile page, or
``manage.py mfa_enrol`` for a platform operator who has no centre).
"""

from __future__ import annotations

from django_otp.admin import OTPAdminSite

from .admin_access import OperatorsOnly


class AdminSite(OperatorsOnly, OTPAdminSite):  # OperatorsOnly: active superusers only (cus.core.admin_access)
    def __init__(self, name: str = "admin") -> None:
        # OTPAdminSite names itself "otpadmin"; keep the admin's usual URL namespace.
        super().__init__(name)
