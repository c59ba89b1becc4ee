"""``django.contrib.admin`` with CUS's admin site (``cus.core.admin_site.AdminSite``) as ``admin.site``.

Listed in INSTALLED_APPS instead of ``django.contrib.admin``; every ``admin.register`` and ``admin.site.urls``
then use that site. This module imports no models: it is loaded before the app registry is ready.
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "cus.core.admin_site.AdminSite"
