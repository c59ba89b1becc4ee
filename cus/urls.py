from django.contrib import admin
from django.urls import include, path, re_path

from cus.core.views import favicon, frontend, frontend_root_file, healthz

admin.site.site_header = "CUS"
admin.site.site_title = "CUS"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("cus.api.urls")),
    path("api/public/surveys/", include("cus.quality.public_urls")),
    path("api/public/community-plans/", include("cus.planning.public_urls")),
    path("api/public/", include("cus.catalogue.publishing.public_urls")),
    path("api/hsds/", include("cus.catalogue.publishing.hsds_urls")),
    path("catalogue/", include("cus.catalogue.publishing.page_urls")),
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    # The web UI's service worker and manifest (built by vite-plugin-pwa), at the root so the worker's scope is the app.
    path("sw.js", frontend_root_file, {"name": "sw.js"}, name="service-worker"),
    path("manifest.webmanifest", frontend_root_file, {"name": "manifest.webmanifest"}, name="web-manifest"),
    path("", frontend, name="frontend"),
    # The web UI's client-side routes (/clients/…, /plans/…): anything not served above gets its index.html.
    re_path(r"^(?!(?:api|admin|static|media|healthz|catalogue)(?:/|$)).+$", frontend),
]
