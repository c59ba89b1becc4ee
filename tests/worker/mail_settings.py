"""Settings for a real worker in the reminder tests: the project's, with e-mails written to files.

The test process cannot read a worker's in-memory outbox, so the worker writes each e-mail to
CUS_TEST_MAIL_DIR (Django's file-based backend) and the test counts them there.
"""

import os

from cus.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["CUS_TEST_MAIL_DIR"]
