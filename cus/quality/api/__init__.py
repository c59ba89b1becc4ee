"""The quality API: serializers (input and output), filters, views and the public survey page (``public``);
``register`` puts the views on /api/v1/."""

from .views import register

__all__ = ["register"]
