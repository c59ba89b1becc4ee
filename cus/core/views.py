"""Plain Django views: the health check and the web UI's entry page."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def frontend(request: HttpRequest) -> HttpResponseBase:
    """The built web UI (frontend/dist) for ``/`` and every client-side route, else a placeholder at ``/``.

    The page is never cached, so a new build is picked up at once; its assets have hashed names and are
    served from /static/assets/ with long cache lifetimes.
    """
    index = settings.FRONTEND_DIST / "index.html"
    if index.exists():
        response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-cache"
        return response
    if request.path != "/":
        raise Http404
    return render(request, "core/placeholder.html")
