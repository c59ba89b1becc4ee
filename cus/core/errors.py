"""Domain errors raised by services; one DRF exception handler (cus.api.errors) maps them to HTTP.

Bad input is Django's ``ValidationError`` (400, naming the field). The others:
``Conflict`` (409: duplicates, illegal transitions, locked months), ``NotAllowed`` (403: the role may
not do this), ``NotFound`` (404: the object is outside the user's reach, or does not exist).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = ["Conflict", "DomainError", "NotAllowed", "NotFound", "PreconditionFailed", "ValidationError"]


class DomainError(Exception):
    default_detail: Any = _("The request could not be completed.")
    default_code = "error"

    def __init__(self, detail: Any = None, *, code: str | None = None, **extra: Any) -> None:
        self.detail = detail if detail is not None else self.default_detail
        self.code = code or self.default_code
        self.extra = extra
        super().__init__(str(self.detail))


class Conflict(DomainError):
    default_detail = _("The request conflicts with the current state of the data.")
    default_code = "conflict"


class NotAllowed(DomainError):
    default_detail = _("Your role does not allow this action.")
    default_code = "not_allowed"


class NotFound(DomainError):
    default_detail = _("Not found.")
    default_code = "not_found"


class PreconditionFailed(DomainError):
    """412: a conditional write (``If-Match``) made from a revision of the record that is no longer current."""

    default_detail = _("The record changed since it was read.")
    default_code = "stale_record"
