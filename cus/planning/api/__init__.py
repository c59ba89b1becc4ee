"""The planning API: serializers (input and output), filters and views; ``register`` puts the views on /api/v1/."""

from .views import register

__all__ = ["register"]
