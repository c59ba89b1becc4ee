"""Who enters the Django admin site, and as whom their reads of client records are logged.

The admin site is the platform operator's: an active superuser, a separate account made with
``manage.py createsuperuser`` (never a demo login, never a centre's administrator). ``is_staff`` alone is not
enough: ``OperatorsOnly`` refuses everyone else at the login form (with the same message as a wrong password) and
on every admin page. Centre administrators manage their own centre through the API and the web UI.

An operator works across centres, without a membership; when they open a client's record in the admin, the read
is logged as any other (``cus.clients.services.record_client_access``) by ``operator_actor``: the operator, in the
client's centre, in the role ``OPERATOR_ROLE``. This module is loaded with the admin site, before the app
registry is ready: it imports no models at module level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest

if TYPE_CHECKING:
    from .context import Actor
    from .models import Centre, User

OPERATOR_ROLE = "platform_operator"  # the role the access log names for a read in the admin site


def is_operator(user: Any) -> bool:
    """An active superuser: the platform operator."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def operators_only(form_class: type[AdminAuthenticationForm]) -> type[AdminAuthenticationForm]:
    """``form_class`` that also refuses a sign-in by anyone but a platform operator, as if the password were wrong."""

    class OperatorAuthenticationForm(form_class):  # type: ignore[valid-type,misc]
        def confirm_login_allowed(self, user: Any) -> None:
            super().confirm_login_allowed(user)
            if not is_operator(user):
                raise forms.ValidationError(
                    self.error_messages["invalid_login"], code="invalid_login",
                    params={"username": self.username_field.verbose_name},
                )

    OperatorAuthenticationForm.__name__ = OperatorAuthenticationForm.__qualname__ = f"Operator{form_class.__name__}"
    return OperatorAuthenticationForm


class OperatorsOnly:
    """A mixin for the admin site (before its base, e.g. ``class AdminSite(OperatorsOnly, OTPAdminSite)``): only
    active superusers sign in and see any page; whatever the base requires (staff, a second factor) still holds."""

    login_form: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.login_form = operators_only(self.login_form or AdminAuthenticationForm)

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(super().has_permission(request) and is_operator(request.user))  # type: ignore[misc]


def operator_actor(user: User, centre: Centre) -> Actor:
    """The operator ``user`` reading a record of ``centre`` in the admin, for the access log only: an actor with an
    unsaved membership in the role ``OPERATOR_ROLE`` (it grants nothing: no permission names that role)."""
    from .context import Actor
    from .models import Membership

    return Actor(user=user, membership=Membership(user=user, centre=centre, role=OPERATOR_ROLE))
