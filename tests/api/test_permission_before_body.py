"""A write is refused for want of permission before its body is read: a role without the right gets 403 (or 404
where the endpoint does not exist for it, 405 for a method the route does not take), never a 400 that would tell it
what a valid body looks like.

Every write route of the v1 router (POST, PATCH, PUT, DELETE, lifecycle actions) is walked as each role that lacks
the route's permission, with a body no serializer accepts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, reverse
from rest_framework.test import APIClient

from cus.api.urls import router
from cus.api.views import ScopedViewSet
from cus.core.access import PERMISSIONS, Perm
from cus.core.models import Membership, Role, User

ROLES = [Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.PROVIDER, Role.VOLUNTEER]
WRITES = ("post", "patch", "put", "delete")
INVALID_BODY = [1]  # no serializer takes it: objects want a mapping, bulk lists want objects

# Routes every role (or anyone) may write, so no role lacks the permission; each with why.
EVERYONE_WRITES = {
    "notification-read": "anyone marks their own notification read",
    "notification-read-all": "anyone marks all their own notifications read",
    "invitation-link-accept": "the public invitation link: whoever holds it accepts it (signed in or not)",
    "list-export-list": "anyone exports a list they may read (the list's own permission is checked with the body)",
}
# Routes whose class-level permission is None because a role may write its own record, with the permission needed
# for another's record and how to name such a record.
RECORD_RULES = {
    "user-detail": (Perm.MANAGE_USERS, "the administrator's own user record"),
}


def _write_routes() -> Iterator[tuple[str, str, str, bool]]:
    """(URL name, HTTP method, action, takes an id) for every write of the v1 router."""
    for pattern in router.urls:
        if not isinstance(pattern, URLPattern) or not pattern.name or pattern.name == "api-root":
            continue
        if "format" in str(pattern.pattern):
            continue
        for method, action in pattern.callback.actions.items():  # type: ignore[attr-defined]
            if method in WRITES:
                yield pattern.name, method, action, "(?P<pk>" in str(pattern.pattern)


ROUTES = list(_write_routes())


def _viewset(name: str) -> Any:
    matches = [(len(basename), vs) for _, vs, basename in router.registry if name.startswith(f"{basename}-")]
    return max(matches, key=lambda match: match[0])[1]


def _has(role: str, perm: Perm | tuple[Perm, ...] | None) -> bool:
    if perm is None:
        return True
    perms = perm if isinstance(perm, tuple) else (perm,)
    return any(one in PERMISSIONS[role] for one in perms)


def _permission(name: str, action: str) -> Perm | tuple[Perm, ...] | None:
    viewset = _viewset(name)
    if name in RECORD_RULES:
        return RECORD_RULES[name][0]
    if not issubclass(viewset, ScopedViewSet):
        return None
    return viewset.action_perms.get(action, viewset.write_perm)  # type: ignore[no-any-return]


@pytest.fixture
def people(member, centre) -> dict[str, User]:
    return {role: member(role, centre) for role in ROLES}


def _client(user: User, centre) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    client.credentials(HTTP_X_CENTRE=str(centre.pk))
    return client


def _path(name: str, has_id: bool, people: dict[str, User]) -> str:
    if not has_id:
        return reverse(name)
    admin = people[Role.ADMIN]
    ids = {"user-detail": admin.pk, "membership-detail": Membership.objects.get(user=admin).pk}
    return reverse(name, kwargs={"pk": str(ids.get(name, uuid.uuid4()))})


def test_every_write_route_is_walked_or_listed_with_a_reason():
    unguarded = {name for name, _, action, _ in ROUTES if _permission(name, action) is None}
    assert unguarded == set(EVERYONE_WRITES), "a route any role may write: list it in EVERYONE_WRITES, with why"
    assert len(ROUTES) > 80


@pytest.mark.parametrize(("name", "method", "action", "has_id"), ROUTES, ids=[f"{r[1]} {r[0]}" for r in ROUTES])
def test_a_role_without_the_right_gets_403_before_its_invalid_body_is_read(people, centre, name, method, action,
                                                                           has_id):
    perm = _permission(name, action)
    lacking = [role for role in ROLES if not _has(role, perm)]
    if perm is None:
        pytest.skip(EVERYONE_WRITES[name])
    assert lacking, f"every role may write {name}"
    path = _path(name, has_id, people)
    for role in lacking:
        response = getattr(_client(people[role], centre), method)(path, INVALID_BODY, format="json")
        assert response.status_code in (403, 404, 405), (role, method, path, response.status_code, response.content)


@pytest.mark.parametrize(
    ("name", "role"),
    [("user-list", Role.ADMIN), ("client-list", Role.COORDINATOR), ("contract-list", Role.MANAGER),
     ("delivery-bulk", Role.PROVIDER), ("volunteer-hours-list", Role.VOLUNTEER), ("invitation-list", Role.ADMIN)],
)
def test_the_same_body_is_a_400_for_a_role_with_the_right(people, centre, name, role):
    """The walk's body is invalid: a role that may write gets the 400 the others never see."""
    response = _client(people[role], centre).post(reverse(name), INVALID_BODY, format="json")
    assert response.status_code == 400, response.content
