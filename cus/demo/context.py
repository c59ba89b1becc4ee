"""What the demo steps share while they build one centre: the spec, random streams, what exists so far."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Model

from cus.core.models import Role

from .bulk import insert_with_history
from .centres import CentreSpec

if TYPE_CHECKING:
    from cus.catalogue.models import Offering, Provider, ServiceType
    from cus.clients.models import Client
    from cus.contracts.models import ContractLine, FundingSource
    from cus.core.models import Centre, User
    from cus.plans.models import PlannedService

SEED = "cus-demo-1"
BATCH_SIZE = 1000
HISTORY_REASON = "demo data"


@dataclass(frozen=True)
class Delivered:
    """An assigned planned service as the provider runs it: how often, how much each time, and until when
    (a suspended plan stops the visits on the day it was suspended)."""

    service: PlannedService
    occasions: int
    size: Decimal
    until: dt.date


@dataclass
class DemoContext:
    """One centre's build. Steps read what earlier steps made and add what they make.

    Each step draws from its own random stream (``rng``), so adding a step, or more clients, never changes
    the people the other steps make.
    """

    spec: CentreSpec
    today: dt.date
    client_count: int
    password_hash: str
    centre: Centre | None = None
    users: dict[str, User] = field(default_factory=dict)  # by e-mail
    providers: dict[str, Provider] = field(default_factory=dict)  # by ProviderSpec.key
    service_types: dict[str, ServiceType] = field(default_factory=dict)  # by code
    offerings: list[Offering] = field(default_factory=list)
    clients: list[Client] = field(default_factory=list)
    intake: dict[Any, dt.date] = field(default_factory=dict)  # client id -> the day they were referred
    funding_sources: dict[str, FundingSource] = field(default_factory=dict)  # by FundingKind
    lines: list[ContractLine] = field(default_factory=list)  # with their contracts loaded
    delivered: list[Delivered] = field(default_factory=list)  # assigned planned services, for the deliveries
    created: Counter[str] = field(default_factory=Counter)  # model verbose name plural -> rows
    warnings: list[str] = field(default_factory=list)

    def rng(self, step: str) -> random.Random:
        return random.Random(f"{SEED}/{self.spec.code}/{step}")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.spec.timezone)

    def at(self, day: dt.date, rng: random.Random) -> dt.datetime:
        """A moment in office hours on ``day``, in the centre's time zone."""
        return dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randrange(0, 60, 5)), tzinfo=self.tz)

    def staff_with_role(self, role: str) -> list[User]:
        return [self.users[s.email] for s in self.spec.staff if s.role == role]

    @property
    def coordinators(self) -> list[User]:
        return self.staff_with_role(Role.COORDINATOR)

    @property
    def head(self) -> User | None:
        """Who set the centre up (history names them): its administrator, else its manager."""
        found = self.staff_with_role(Role.ADMIN) or self.staff_with_role(Role.MANAGER)
        return found[0] if found else None

    def insert[M: Model](self, model: type[M], objs: Sequence[M], *, history: bool = True) -> list[M]:
        """Bulk-insert ``objs``, with one history row each (the user and date stamped on them, if any)."""
        saved = insert_with_history(
            model, objs, history=history, default_user=self.head, reason=HISTORY_REASON, batch_size=BATCH_SIZE
        )
        self.created[str(model._meta.verbose_name_plural)] += len(saved)
        return saved


def stamp_history(obj: Any, *, user: User | None, when: dt.datetime, reason: str = HISTORY_REASON) -> None:
    """What bulk_create_with_history writes into this object's first history row."""
    obj._history_user = user
    obj._history_date = when
    obj._change_reason = reason


Step = Callable[[DemoContext], None]
