"""Who may keep a copy of an answer: never for the API and the files it serves, briefly for the public catalogue.

- ``/api/v1/`` (every answer, its downloads included: report files, consent evidence) and a client's survey link
  (``/api/public/surveys/``) carry client data or answer only one person: ``Cache-Control: no-store`` (Django's
  ``never_cache`` headers), replacing whatever a view set, so neither the browser nor a proxy keeps a copy.
- The public catalogue (``/api/public/``, ``/api/hsds/``, ``/catalogue/``) is the same for everyone: a successful
  GET may be kept by any cache for :data:`PUBLIC_MAX_AGE` seconds, unless the view said otherwise.

The Content-Security-Policy comes from Django's own middleware (``SECURE_CSP`` in settings).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

PRIVATE_PREFIXES = ("/api/v1/", "/api/public/surveys/")
PUBLIC_PREFIXES = ("/api/public/", "/api/hsds/", "/catalogue/")
PUBLIC_MAX_AGE = 5 * 60


def apply_cache_policy(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    path = request.path_info
    if path.startswith(PRIVATE_PREFIXES):
        del response["Cache-Control"]
        add_never_cache_headers(response)
    elif (
        path.startswith(PUBLIC_PREFIXES)
        and request.method in {"GET", "HEAD"}
        and response.status_code == 200
        and not response.has_header("Cache-Control")
    ):
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


class CacheControlMiddleware:
    """Applies :func:`apply_cache_policy` to every answer (placed early, so it sees other middleware's answers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return apply_cache_policy(request, self.get_response(request))
