"""The Celery worker: `celery -A worker worker -B` from the project root."""

from .app import app

__all__ = ["app"]
