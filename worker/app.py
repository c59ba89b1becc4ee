"""The Celery app of the worker: cus's app (``cus.core.celery_app``) with the tasks of ``worker/tasks`` on it.

Redis when REDIS_URL or CELERY_BROKER_URL is set; otherwise an embedded file-system broker in the data
folder, so `make run` needs no Redis. Beat uses django-celery-beat's database scheduler.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cus.settings")

from cus.core.celery_app import app

app.autodiscover_tasks(["worker"], related_name="tasks", force=True)

__all__ = ["app"]
