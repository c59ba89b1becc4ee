"""Shortcuts for tests: logs and statements made through the services, as their users would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cus.contracts.models import Contract
from cus.core.context import actor_for
from cus.core.models import User
from cus.deliveries import services
from cus.deliveries.models import Delivery, MonthlyStatement

from .conftest import World


def log(world: World, user: User | None = None, **fields: Any) -> Delivery:
    """A log made by provider staff through the service (defaults: 90 minutes on world.day at 09:00)."""
    values: dict[str, Any] = {
        "planned_service": world.service.pk, "date": world.day, "start_time": dt.time(9), "duration_minutes": 90,
        "worker_name": "Anna Nowak",
    }
    values.update(fields)
    delivery, _created = services.log_delivery(actor=actor_for(user or world.staff), data=services.DeliveryInput(**values))
    return delivery


def statement(world: World, *, contract: Contract | None = None, month: dt.date | None = None) -> MonthlyStatement:
    found, _created = services.open_statement(
        actor=actor_for(world.staff), contract_id=(contract or world.contract).pk, month=month or world.day
    )
    return found


def submitted(world: World, **kwargs: Any) -> MonthlyStatement:
    return services.submit_statement(actor=actor_for(world.staff), statement=statement(world, **kwargs))


def approved(world: World, manager: User, **kwargs: Any) -> MonthlyStatement:
    return services.approve_statement(actor=actor_for(manager), statement=submitted(world, **kwargs))
