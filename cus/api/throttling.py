"""Throttling of the anonymous APIs (the public catalogue, HSDS, survey links)."""

from __future__ import annotations

import os

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle

from cus.core.client_address import client_ip

DEFAULT_PUBLIC_RATE = "120/minute"


class PublicRateThrottle(AnonRateThrottle):
    """Per-address limit on the public catalogue; the rate is read on each request, so it is configurable
    (setting or environment ``CUS_PUBLIC_API_RATE``; empty or "off" turns it off)."""

    scope = "public"

    def get_rate(self) -> str | None:
        rate = getattr(settings, "CUS_PUBLIC_API_RATE", None)
        if rate is None:
            rate = os.environ.get("CUS_PUBLIC_API_RATE", DEFAULT_PUBLIC_RATE)
        if not rate or str(rate).lower() == "off":
            return None
        return str(rate)

    def get_ident(self, request: Request) -> str:
        """The client's address by ``cus.core.client_address`` (DRF's own would believe any X-Forwarded-For,
        so a client could dodge the limit by sending a new one with each request)."""
        return client_ip(request) or ""
