"""Plain Django views: the health check, the web UI's entry page, its service worker and manifest, and the site's icon."""

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


# The web UI's service worker and web manifest, built into frontend/dist by vite-plugin-pwa, served from the site's
# root: a worker controls only the pages under the path it is served from, and the UI's routes are at /, not
# under /static/. Never cached by the browser (the worker is checked for a new build at each page load).
ROOT_FILES = {
    "sw.js": "text/javascript; charset=utf-8",
    "manifest.webmanifest": "application/manifest+json",
}


def frontend_root_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """``/sw.js`` and ``/manifest.webmanifest`` of the built web UI; 404 when the UI is not built."""
    path = settings.FRONTEND_DIST / name
    if name not in ROOT_FILES or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=ROOT_FILES[name])
    response["Cache-Control"] = "no-cache"
    if name == "sw.js":
        # Its scope: the whole app (the default for a worker served at the root, said explicitly).
        response["Service-Worker-Allowed"] = "/"
    return response


def favicon(request: HttpRequest) -> HttpResponseBase:
    """``/favicon.ico``, where browsers and bookmarks look for the site's icon whatever the page says."""
    path = finders.find("core/favicon.ico")
    if not path:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 (FileResponse closes it)
    response["Cache-Control"] = "public, max-age=86400"
    return response
