"""The Celery app object, configured from Django's settings (CELERY_* names): what cus sends jobs with.

It lives here, not in ``worker``, so that cus never imports the worker: ``cus.core.jobs`` sends tasks by name
(``TaskName``) through this app, and the worker (``worker/app.py``) registers its tasks on the same app.
Redis when REDIS_URL or CELERY_BROKER_URL is set; otherwise an embedded file-system broker in the data folder,
so ``make run`` needs no Redis. Beat uses django-celery-beat's database scheduler.
"""

from __future__ import annotations

from celery import Celery

app = Celery("cus")
app.config_from_object("django.conf:settings", namespace="CELERY")
