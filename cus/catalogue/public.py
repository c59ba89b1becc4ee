"""Moved: the public catalogue is ``cus.catalogue.publishing.public``; ``PublicRateThrottle`` is in
``cus.api.throttling``.

TODO(issue 10): delete this module once ``cus/quality/api.py`` imports ``PublicRateThrottle`` from
``cus.api.throttling`` (it is the quality app's file, not the catalogue's).
"""

from cus.api.throttling import PublicRateThrottle

__all__ = ["PublicRateThrottle"]
