"""The centre's rule on plans (Centre.plans_need_approval): read by the centre's staff, changed by its
administrator through /api/v1/centre/plan-rules/, with history; the Perm that approves plans is the managers'."""

from __future__ import annotations

import pytest

from cus.core.access import PERMISSIONS, Perm
from cus.core.models import Centre, Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/centre/plan-rules/"


def test_the_administrator_turns_the_approval_of_plans_on_with_a_reason_in_the_history(api, centre, admin_user):
    assert api(admin_user).get(URL).json() == {"plans_need_approval": False}
    response = api(admin_user).patch(URL, {"plans_need_approval": True, "reason": "Director's order 5/2026"},
                                     format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"plans_need_approval": True}
    centre.refresh_from_db()
    assert centre.plans_need_approval is True
    record = centre.history.first()
    assert (record.history_user, record.history_change_reason) == (admin_user, "Director's order 5/2026")


@pytest.mark.parametrize(("role", "read", "write"), [
    (Role.MANAGER, 200, 403), (Role.COORDINATOR, 200, 403), (Role.PROVIDER, 404, 404), (Role.VOLUNTEER, 404, 404),
])
def test_other_roles_read_it_at_most(api, centre, member, role, read, write):
    user = member(role, centre)
    assert api(user).get(URL).status_code == read
    assert api(user).patch(URL, {"plans_need_approval": True}, format="json").status_code == write
    assert Centre.objects.get(pk=centre.pk).plans_need_approval is False


def test_bad_input_is_400_naming_the_field(api, admin_user):
    response = api(admin_user).patch(URL, {"plans_need_approval": "perhaps"}, format="json")
    assert response.status_code == 400
    assert "plans_need_approval" in response.json()


def test_only_managers_approve_plans():
    assert [role for role, perms in PERMISSIONS.items() if Perm.APPROVE_PLANS in perms] == [Role.MANAGER]
    assert {role for role, perms in PERMISSIONS.items() if Perm.PRINT_PLANS in perms} == {Role.MANAGER, Role.COORDINATOR}
