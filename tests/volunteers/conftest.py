"""The volunteer user's own profile under an agreement in force, and an activity to log hours in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cus.core.models import Centre, User
from cus.volunteers.models import ActivityType, Volunteer, VolunteerAgreement

from ..factories import ActivityTypeFactory, VolunteerFactory
from .factories import AgreementFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The production hasher is slow by design; these tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def profile(centre: Centre, volunteer: User) -> Volunteer:
    """The volunteer user's own profile, under an open-ended agreement from 2025-01-01."""
    own = VolunteerFactory(centre=centre, user=volunteer, first_name="Olga", last_name="Własna")
    AgreementFactory(volunteer=own)
    return own


@pytest.fixture
def other_profile(centre: Centre) -> Volunteer:
    """Another volunteer of the same centre, with an agreement of their own."""
    someone = VolunteerFactory(centre=centre, first_name="Piotr", last_name="Inny")
    AgreementFactory(volunteer=someone)
    return someone


@pytest.fixture
def activity(centre: Centre) -> ActivityType:
    return ActivityTypeFactory(centre=centre, name="Befriending", hourly_rate=Decimal("35.00"))


@pytest.fixture
def agreement(profile: Volunteer) -> VolunteerAgreement:
    return profile.agreements.get()
