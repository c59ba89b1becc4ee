"""Maps domain errors to HTTP: ValidationError 400, Conflict 409, NotAllowed 403, NotFound 404. Refused access
(401, 403, 429) is also written to the security log (the ``cus.security`` logger: OWASP ASVS 7.2.2)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from cus.core.client_address import client_ip
from cus.core.errors import Conflict, DomainError, NotAllowed, NotFound, PreconditionFailed

security_log = logging.getLogger("cus.security")
REFUSALS = {status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN, status.HTTP_429_TOO_MANY_REQUESTS}


def validation_error_body(error: DjangoValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        body: dict[str, Any] = {}
        for field, errors in error.message_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
            body[key] = list(errors)
        return body
    return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}


def flat_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested serializer errors keyed as the services key theirs, one level: ``lines[1].unit_price``
    (a list item by its position, a nested field after a dot, a nested object's own errors under its name)."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY and prefix:
                name = prefix
            elif isinstance(key, int):  # a list serializer's errors by item position
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flat_errors(value, name))
    elif isinstance(errors, list) and all(isinstance(item, str) for item in errors):
        flat[prefix] = [str(item) for item in errors]
    elif isinstance(errors, list):
        for index, item in enumerate(errors):
            flat.update(flat_errors(item, f"{prefix}[{index}]"))
    return flat


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _answer(exc, context)
    if response is not None and response.status_code in REFUSALS:
        data = getattr(response, "data", None)
        code = data.get("code") if isinstance(data, dict) else None
        log_refusal(context.get("request"), response.status_code, str(code or getattr(exc, "default_code", "")))
    return response


def log_refusal(request: Any, status_code: int, code: str) -> None:
    """One line per refused request: who (user id, never a password or a token), what (method and path without
    the query string, which may hold data), from where, and the refusal's code. Denied object access answers 404
    like a record that does not exist and is not told apart here."""
    if request is None:
        return
    user = getattr(request, "user", None)
    security_log.warning(
        "refused %s %s %s user=%s ip=%s code=%s", status_code, request.method, request.path,
        getattr(user, "pk", None) or "anonymous", client_ip(request) or "-", code,
        extra={"status_code": status_code, "security_event": "access_refused"},
    )


def _answer(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        code = {
            Conflict: status.HTTP_409_CONFLICT,
            NotAllowed: status.HTTP_403_FORBIDDEN,
            NotFound: status.HTTP_404_NOT_FOUND,
            PreconditionFailed: status.HTTP_412_PRECONDITION_FAILED,
        }.get(type(exc), status.HTTP_400_BAD_REQUEST)
        answer = Response({"detail": str(exc.detail), "code": exc.code, **exc.extra}, status=code)
        if isinstance(exc, PreconditionFailed) and exc.extra.get("etag"):
            answer["ETag"] = exc.extra["etag"]  # the current revision, as a read would have answered
        return answer
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
    response = drf_exception_handler(exc, context)
    if isinstance(exc, Throttled) and response is not None and isinstance(response.data, dict):
        # Every error answer names its code (the schema's error shape), a rate limit's too.
        response.data.setdefault("code", exc.default_code)
    return response
