"""Fixtures of the client-registry tests: a caseload spread over coordinators and centres."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cus.clients.national_id import generate_pesel
from cus.core.context import Actor, actor_for
from cus.core.models import User

from ..factories import ClientFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every test makes several users; the production hasher would dominate the suite's run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROLES = ["admin_user", "manager", "coordinator", "coordinator2", "provider_staff", "volunteer"]


@pytest.fixture
def caseload(centre, other_centre, coordinator, coordinator2, member) -> SimpleNamespace:
    """own: the coordinator's client; others: coordinator2's; unassigned; foreign: another centre's."""
    # Explicit birth dates: the shared factory's sequence passes today after a few hundred clients.
    return SimpleNamespace(
        own=ClientFactory(centre=centre, coordinator=coordinator, last_name="Own", birth_date=dt.date(1941, 2, 3)),
        others=ClientFactory(
            centre=centre, coordinator=coordinator2, last_name="Others", birth_date=dt.date(1952, 4, 5)
        ),
        unassigned=ClientFactory(
            centre=centre, coordinator=None, last_name="Unassigned", birth_date=dt.date(1963, 6, 7)
        ),
        foreign=ClientFactory(
            centre=other_centre,
            coordinator=member("coordinator", other_centre),
            last_name="Foreign",
            birth_date=dt.date(1974, 8, 9),
        ),
    )


@pytest.fixture
def as_actor():
    """as_actor(user) -> the user's Actor in their only centre."""

    def make(user: User) -> Actor:
        return actor_for(user)

    return make


def today() -> dt.date:
    """Today in the test centres' time zone."""
    return timezone.localdate(timezone=ZoneInfo("Europe/Warsaw"))


def client_payload(**overrides) -> dict:
    """A valid registration: a woman born 1950-03-15 with her PESEL."""
    birth_date = dt.date(1950, 3, 15)
    payload = {
        "first_name": "Halina",
        "last_name": "Kowalska",
        "birth_date": birth_date.isoformat(),
        "sex": "female",
        "national_id": generate_pesel(birth_date, "female", 17),
        "national_id_country": "PL",
        "municipality": "Gdynia",
        "phone": "+48 600 000 001",
    }
    payload.update(overrides)
    return payload
