"""The Django admin site is the platform operator's alone (active superusers), and every record of a client it
opens is in that client's access log."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import SESSION_KEY
from django.db.models import Model

from cus.clients.admin import LogsClientReads
from cus.clients.models import Client
from cus.core.models import Role

from ..factories import PASSWORD, CentreFactory, MembershipFactory, UserFactory

# Admin pages of models tied to a client that show none of the client's record, with why.
NOT_A_READ_OF_THE_RECORD = {
    "clients.ClientAccessLog": "the access log itself (who read what), read-only",
    "retention.ErasureRequest": "the request's status and the client's id only",
    "retention.LegalHold": "the hold's dates and the client's id only",
    "retention.SubjectAccessExport": "the export's size and dates and the client's id only, never its content",
}
# Relations that lead from any record to everything (the centre, users, the catalogue), not to one client.
SHARED_APPS = {"core", "catalogue", "contracts", "auth", "contenttypes"}


def _paths_to_client(model: type[Model], depth: int = 0) -> list[str]:
    """The chains of foreign keys from ``model`` to ``Client`` (``"plan__client"``)."""
    if model is Client:
        return [""]
    if depth >= 4:
        return []
    paths = []
    for field in model._meta.get_fields():
        related = field.related_model
        if not (field.many_to_one or field.one_to_one) or not field.concrete or related is None:
            continue
        if related._meta.app_label in SHARED_APPS or related is model:
            continue
        paths += [f"{field.name}__{rest}" if rest else field.name for rest in _paths_to_client(related, depth + 1)]
    return paths


def test_every_admin_page_of_a_clients_record_logs_its_reads():
    checked = set()
    for model, model_admin in admin.site._registry.items():
        paths = _paths_to_client(model)
        if not paths or model._meta.label in NOT_A_READ_OF_THE_RECORD:
            continue
        checked.add(model._meta.label)
        assert isinstance(model_admin, LogsClientReads), f"{model._meta.label}: its pages are reads of a client"
        assert model_admin.client_path in paths, (model._meta.label, model_admin.client_path, paths)
    assert {"clients.Client", "clients.Consent", "plans.Plan", "plans.Goal", "deliveries.Delivery",
            "volunteers.VolunteerAssignment", "quality.SatisfactionSurvey"} <= checked


def test_admin_pages_under_a_client_offer_no_bulk_actions():
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, LogsClientReads):
            assert model_admin.actions is None, type(model_admin).__name__


# --- who enters ---------------------------------------------------------------------------------------------


def test_a_centres_administrator_cannot_reach_the_admin_site(client, centre):
    administrator = UserFactory()
    MembershipFactory(user=administrator, centre=centre, role=Role.ADMIN)
    client.force_login(administrator)
    for path in ("/admin/", "/admin/clients/client/", "/admin/core/centre/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path


def test_staff_status_alone_is_not_enough(client, centre):
    staff = UserFactory(is_staff=True)
    MembershipFactory(user=staff, centre=centre, role=Role.ADMIN)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/core/user/").status_code == 302


def test_an_inactive_superuser_is_refused(client, db):
    gone = UserFactory(is_staff=True, is_superuser=True, is_active=False)
    client.force_login(gone)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(("staff", "superuser", "active"), [(True, False, True), (False, False, True),
                                                            (True, True, False)])
def test_the_admin_login_form_refuses_anyone_but_an_operator(client, db, staff, superuser, active):
    user = UserFactory(is_staff=staff, is_superuser=superuser, is_active=active)
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with its error
    assert SESSION_KEY not in client.session
    errors = response.context["form"].errors.as_data()["__all__"]
    assert [error.code for error in errors] == ["invalid_login"]  # as for a wrong password: nothing more told


def test_the_operator_sees_every_centre(operator_client, db):
    first, second = CentreFactory(name="Gdynia"), CentreFactory(name="Sopot")
    response = operator_client.get("/admin/core/centre/")
    assert response.status_code == 200
    assert {first.name, second.name} <= {centre.name for centre in response.context["cl"].result_list}
    assert operator_client.get("/admin/").status_code == 200
