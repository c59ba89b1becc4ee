"""The steps that build a demo centre, in order. Later features add theirs at the end of ``STEPS``.

A step is a function taking the ``DemoContext``; it reads what earlier steps made (``ctx.users``,
``ctx.providers``, ``ctx.clients``, ...), bulk-inserts its rows with ``ctx.insert`` and draws its random
numbers from ``ctx.rng("<its name>")`` only.
"""

from __future__ import annotations

from ..context import Step
from .catalogue import create_providers
from .clients import create_assessments, create_clients, create_consents, create_contacts, create_referrals
from .staff import create_centre, create_memberships, create_staff

STEPS: tuple[Step, ...] = (
    create_staff,
    create_centre,
    create_providers,
    create_memberships,
    create_clients,
    create_referrals,
    create_consents,
    create_contacts,
    create_assessments,
)

__all__ = ["STEPS"]
