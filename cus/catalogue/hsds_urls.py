"""URL routes of the catalogue's hsds surface (see cus/urls.py)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
