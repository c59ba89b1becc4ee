"""Input no view should ever see: refused for the whole of /api/v1/ before any view runs.

PostgreSQL cannot hold a NUL character in text (nor in JSON), and an unpaired surrogate cannot even be
encoded to send it. Left to the views, such input reaches a query or an insert and ends in a 500. Field
validation catches it only where it looks (DRF's CharField does; dictionary keys, free-form JSON, headers and
hand-read query parameters are not looked at), so it is refused here once, for every route:

- a control character in the path: 404, as no such object can exist;
- a control character (other than tab, newline, carriage return) in a header: 400 naming the header;
- a control character in a query parameter's name or value: 400 naming the parameter;
- a NUL character or an unpaired surrogate anywhere in a JSON body (keys included): 400 naming the field (in a
  list of rows, as a bulk write takes them, the row and its field, as the bulk write's own errors name them);
- a JSON body nested deeper than ``cus.api.parsers.MAX_DEPTH``: 400 (measured before it is parsed, which
  would otherwise recurse until a RecursionError).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.settings import api_settings

from . import parsers

PREFIX = "/api/v1/"
# C0 controls but tab, newline and carriage return (which a search or a note may hold), and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What PostgreSQL cannot store in text or JSON: NUL, and surrogates (only unpaired ones survive json.loads).
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _shown(name: str) -> str:
    """A name fit to show back: control characters written as escapes, cut to 40 characters."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name)[:40]


def _unstorable_at(value: Any) -> tuple[Any, ...] | None:
    """The path to the first string (value or key) PostgreSQL could not store, or None.

    Walked with a stack of its own, not by recursion: however deep the value nests, this cannot overflow."""
    pending: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                return path
        elif isinstance(item, dict):
            for key in item:
                if UNSTORABLE.search(key):
                    return (*path, key)
            # Reversed onto the stack, so the first key's value is looked at first.
            pending.extend(((*path, key), sub) for key, sub in reversed(item.items()))
        elif isinstance(item, list):
            pending.extend(((*path, index), sub) for index, sub in reversed(list(enumerate(item))))
    return None


def _bad_request(body: dict[str, Any]) -> JsonResponse:
    return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})


def refused(request: HttpRequest) -> HttpResponse | None:
    """The answer to a request carrying input no view can take, or None to let it through."""
    if CONTROL.search(request.path_info):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and CONTROL.search(value):
            header = "-".join(part.capitalize() for part in key[5:].split("_"))
            return _bad_request(
                {"detail": _("The %(header)s header contains a control character, which is not allowed.")
                 % {"header": header}}
            )
    for name, values in request.GET.lists():
        if CONTROL.search(name) or any(CONTROL.search(value) for value in values):
            return _bad_request(
                {"detail": _("The query parameter “%(name)s” contains a control character, which is not allowed.")
                 % {"name": _shown(name)}}
            )
    if request.method in BODY_METHODS and request.content_type == "application/json":
        try:
            data = parsers.loads(request.body)
        except parsers.TooDeep as exc:
            return _bad_request({"detail": str(exc), "code": "too_deep"})
        except ValueError:
            return None  # not JSON after all: the view's parser says so
        path = _unstorable_at(data)
        if path is not None:
            field = next((_shown(part) for part in path if isinstance(part, str)), api_settings.NON_FIELD_ERRORS_KEY)
            errors = {field: [_("NUL characters and unpaired surrogates are not allowed in text.")]}
            if path and isinstance(path[0], int):  # a list of rows (a bulk write): its row, as the view names them
                return _bad_request({"detail": errors[field][0], "code": "invalid_rows",
                                     "rows": [{"index": path[0], "errors": errors}]})
            return _bad_request(errors)
    return None


class RefuseUnstorableInputMiddleware:
    """Applies :func:`refused` to every request under /api/v1/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(PREFIX):
            answer = refused(request)
            if answer is not None:
                return answer
        return self.get_response(request)
