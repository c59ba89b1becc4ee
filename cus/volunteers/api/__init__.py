"""The volunteer centre's REST endpoints: serializers, filters and views (thin: parse, call a service or selector,
render)."""

from .views import register

__all__ = ["register"]
