"""Plain Django views: the health check, the web UI's entry page and the site's icon."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
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


def favicon(request: HttpRequest) -> HttpResponseBase:
    """``/favicon.ico``, where browsers and bookmarks look for the site's icon whatever the page says."""
    path = finders.find("core/favicon.ico")
    if not path:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 (FileResponse closes it)
    response["Cache-Control"] = "public, max-age=86400"
    return response
