"""Shared fixtures: centres, a member of each role, and API clients acting as them."""

from __future__ import annotations

import os
from collections.abc import Callable

import django_otp.middleware
import pytest
from pytest_django.fixtures import _set_suffix_to_test_databases
from rest_framework.test import APIClient

from cus.core.models import Centre, Membership, Role, User

from .factories import CentreFactory, MembershipFactory, ProviderFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Each test run gets test databases of its own (test_cus_<pid>, after xdist's _gw0 suffix): two runs at once
    on one PostgreSQL server (parallel workers, two checkouts) never drop each other's database."""
    _set_suffix_to_test_databases(suffix=str(os.getpid()))


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    by_marker = marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return by_marker or bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Transactional tests end by emptying every table, the data the migrations ship (service types, schedules,
    country defaults) with them. Each asks for a serialised copy of the migrated database (pytest-django then
    makes one at set-up), and pytest_runtest_teardown below puts the shipped data back after it: the tests after
    it in the same process (in parallel runs, any file's) find the database as the migrations left it."""
    for item in items:
        if not _is_transactional(item):
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker is not None else {}
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    result = yield
    # (After a process's last test the test database is gone with the session's fixtures: nothing to put back.)
    if nextitem is not None and _is_transactional(item):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                with item.config.stash[blocking_manager_key].unblock():
                    connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(autouse=True)
def _plain_http(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.LANGUAGE_CODE = "en"
    # Password hashing is not under test; the slow default would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _admin_site_second_factor_assumed(monkeypatch):
    """The admin site admits only sessions verified with a second factor (django-otp); tests that sign in to it
    with ``force_login`` count as verified. tests/core/test_mfa_admin.py checks the real rule."""
    monkeypatch.setattr(django_otp.middleware, "is_verified", lambda user: True)


@pytest.fixture
def centre(db) -> Centre:
    return CentreFactory(name="CUS Gdynia", code="gdy")


@pytest.fixture
def other_centre(db) -> Centre:
    return CentreFactory(name="CUS Sopot", code="sop")


@pytest.fixture
def member(db) -> Callable[..., User]:
    """member(role, centre=..., provider=..., partner=...) -> a user with that role in that centre."""

    def make(role: str, centre: Centre, **kwargs) -> User:
        provider = kwargs.pop("provider", None)
        partner = kwargs.pop("partner", None)
        if role == Role.PROVIDER and provider is None:
            provider = ProviderFactory(centre=centre)
        if role == Role.PARTNER and partner is None:
            from .planning.factories import PartnerFactory

            partner = PartnerFactory(centre=centre)
        user = UserFactory(**kwargs)
        MembershipFactory(user=user, centre=centre, role=role, provider=provider, partner=partner)
        return user

    return make


@pytest.fixture
def admin_user(member, centre) -> User:
    return member(Role.ADMIN, centre)


@pytest.fixture
def manager(member, centre) -> User:
    return member(Role.MANAGER, centre)


@pytest.fixture
def coordinator(member, centre) -> User:
    return member(Role.COORDINATOR, centre)


@pytest.fixture
def coordinator2(member, centre) -> User:
    return member(Role.COORDINATOR, centre)


@pytest.fixture
def provider_staff(member, centre) -> User:
    return member(Role.PROVIDER, centre)


@pytest.fixture
def volunteer(member, centre) -> User:
    return member(Role.VOLUNTEER, centre)


@pytest.fixture
def api() -> Callable[..., APIClient]:
    """api(user) -> an APIClient authenticated as ``user`` (no user: anonymous)."""

    def make(user: User | None = None, *, centre: Centre | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        if centre is not None:
            client.credentials(HTTP_X_CENTRE=str(centre.pk))
        return client

    return make


def membership_of(user: User) -> Membership:
    return Membership.objects.get(user=user)


@pytest.fixture
def operator(db) -> User:
    """The platform operator: an active superuser, the only account the Django admin site admits."""
    return User.objects.create_superuser("operator@example.org", "a-long-and-unusual-passphrase")


@pytest.fixture
def operator_client(client, operator):
    """A test client signed in to the admin site as the operator."""
    client.force_login(operator)
    return client
