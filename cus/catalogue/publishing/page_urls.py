"""/catalogue/: the public catalogue page, server-rendered (see cus.catalogue.publishing.public.catalogue_page)."""

from django.urls import URLPattern, URLResolver, path

from .public import catalogue_page

urlpatterns: list[URLPattern | URLResolver] = [
    path("", catalogue_page, name="catalogue-page"),
]
