"""Task entry points, one module per area: thin doorways that take ids and call one service in cus/."""

from . import core, deliveries, notifications, plans, reports, retention

__all__ = ["core", "deliveries", "notifications", "plans", "reports", "retention"]
