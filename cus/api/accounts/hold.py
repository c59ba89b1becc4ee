"""The two-factor enrolment hold, in ``DEFAULT_PERMISSION_CLASSES`` (this module imports no DRF views: DRF loads
its default permissions while it is being imported itself)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from cus.core import mfa
from cus.core.context import request_actor
from cus.core.errors import DomainError, NotAllowed, ValidationError

HELD_CODE = "mfa_enrollment_required"


class EnrolledWhereRequired(BasePermission):
    """In ``DEFAULT_PERMISSION_CLASSES``: a signed-in user whose role requires two-factor sign-in and who has not
    set it up gets 403 ``mfa_enrollment_required`` everywhere but the views that name their own permissions
    (me/, me/password/, me/mfa/..., auth/...)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            return True  # IsAuthenticated (before this) answers for anonymous requests
        try:  # the actor the view will use (one query for both); ...
            held = request_actor(request._request, user).mfa_held
        except (DomainError, ValidationError):  # ... without one (no X-Centre among several centres, no centre): any membership's rule
            held = mfa.enrolment_required(user)
        if held:
            raise NotAllowed(
                _("Set up two-factor sign-in first: your role requires it (see your profile)."), code=HELD_CODE
            )
        return True


