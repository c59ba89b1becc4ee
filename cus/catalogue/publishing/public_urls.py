"""/api/public/: the published catalogue as JSON, no login (see cus.catalogue.publishing.public)."""

from django.urls import URLPattern, URLResolver, include, path, re_path
from rest_framework.routers import SimpleRouter

from .public import PublicRootView, json_not_found, register

router = SimpleRouter()
register(router)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", PublicRootView.as_view(), name="public-root"),
    path("", include(router.urls)),
    re_path(r"^.*$", json_not_found),
]
