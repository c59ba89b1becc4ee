"""Maps domain errors to HTTP: ValidationError 400, Conflict 409, NotAllowed 403, NotFound 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from cus.core.errors import Conflict, DomainError, NotAllowed, NotFound


def validation_error_body(error: DjangoValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        body: dict[str, Any] = {}
        for field, errors in error.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
            body[key] = list(errors)
        return body
    return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        code = {
            Conflict: status.HTTP_409_CONFLICT,
            NotAllowed: status.HTTP_403_FORBIDDEN,
            NotFound: status.HTTP_404_NOT_FOUND,
        }.get(type(exc), status.HTTP_400_BAD_REQUEST)
        return Response({"detail": str(exc.detail), "code": exc.code, **exc.extra}, status=code)
    if isinstance(exc, ProtectedError):
        return Response(
            {"detail": _("This record is still in use and cannot be deleted."), "code": "protected"},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        # A race the service's checks could not see (two requests at once): a conflict, not a crash.
        return Response(
            {"detail": _("The change conflicts with data saved at the same time. Please try again."),
             "code": "integrity"},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
