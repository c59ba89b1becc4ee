"""The public, login-free community plans: included under /api/public/community-plans/ in cus/urls.py."""

from django.urls import URLPattern, URLResolver, include, path, re_path
from rest_framework.routers import SimpleRouter

from cus.catalogue.publishing.public import json_not_found

from .api.public import register

router = SimpleRouter()
register(router)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(router.urls)),
    re_path(r"^.*$", json_not_found),
]
