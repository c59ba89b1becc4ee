"""The Celery app, configured from Django's settings (CELERY_* names).

Redis when REDIS_URL or CELERY_BROKER_URL is set; otherwise an embedded file-system broker in the
data folder, so `make run` needs no Redis. Beat uses django-celery-beat's database scheduler.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cus.settings")

app = Celery("cus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["worker"], related_name="tasks", force=True)
