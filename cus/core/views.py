"""Plain Django views: the health check and the web UI's entry page."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import FileResponse, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def frontend(request: HttpRequest) -> HttpResponseBase:
    """The built web UI (frontend/dist) when present, else a placeholder pointing to the API."""
    index = settings.FRONTEND_DIST / "index.html"
    if index.exists():
        return FileResponse(index.open("rb"), content_type="text/html")
    return render(request, "core/placeholder.html")
