"""The steps that build a demo centre, in order. Later features add theirs at the end of ``STEPS``.

A step is a function taking the ``DemoContext``; it reads what earlier steps made (``ctx.users``,
``ctx.providers``, ``ctx.clients``, ...), bulk-inserts its rows with ``ctx.insert`` and draws its random
numbers from ``ctx.rng("<its name>")`` only.
"""

from __future__ import annotations

from ..context import Step
from .catalogue import create_providers
from .clients import create_assessments, create_clients, create_consents, create_contacts, create_referrals
from .contracts import create_contracts, create_funding_sources
from .deliveries import create_deliveries
from .mfa import create_mfa_devices
from .participations import create_participations
from .planning import create_planning
from .plans import create_plans
from .quality import create_quality
from .staff import create_centre, create_memberships, create_staff
from .volunteers import create_volunteers

STEPS: tuple[Step, ...] = (
    create_staff,
    create_centre,
    create_providers,
    create_memberships,
    create_mfa_devices,
    create_clients,
    create_referrals,
    create_consents,
    create_contacts,
    create_assessments,
    create_funding_sources,
    create_contracts,
    create_plans,
    create_deliveries,
    create_volunteers,
    create_participations,
    create_planning,
    create_quality,
)

__all__ = ["STEPS"]
