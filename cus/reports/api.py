"""Serializers and views for report runs and month closes (thin: parse, call a service or selector, render)."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
