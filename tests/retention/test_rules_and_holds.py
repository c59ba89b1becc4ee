"""Retention rules (country defaults, editable per centre) and legal holds."""

from __future__ import annotations

import pytest

from cus.core.models import Role
from cus.retention.models import LegalHold, RetentionRule

from ..factories import CentreFactory

pytestmark = pytest.mark.django_db


def rules(api, user) -> dict[str, dict]:
    response = api(user).get("/api/v1/retention-rules/")
    assert response.status_code == 200, response.content
    return {rule["category"]: rule for rule in response.json()}


def test_a_polish_centre_starts_from_the_polish_defaults(api, admin_user):
    found = rules(api, admin_user)

    assert set(found) == {"case_file", "unsuccessful_referral", "delivery_logs", "eu_project"}
    assert found["case_file"]["years"] == 10
    assert "B10" in found["case_file"]["legal_basis"]
    assert (found["eu_project"]["years"], found["eu_project"]["keep_until"]) == (None, "2034-12-31")
    assert not any(rule["is_customised"] for rule in found.values())


@pytest.mark.parametrize(("country", "delivery_years"), [("CZ", 5), ("SI", 10)])
def test_czech_and_slovenian_centres_get_their_own_defaults(api, member, country, delivery_years):
    centre = CentreFactory(country=country)
    found = rules(api, member(Role.ADMIN, centre))
    assert found["delivery_logs"]["years"] == delivery_years
    assert found["case_file"]["legal_basis"].startswith(f"{country}:")


def test_the_defaults_are_saved_once(api, admin_user):
    rules(api, admin_user)
    rules(api, admin_user)
    assert RetentionRule.objects.count() == 4


def test_the_administrator_changes_a_rule_and_a_shorter_one_is_flagged(api, admin_user):
    rule = rules(api, admin_user)["case_file"]
    response = api(admin_user).patch(f"/api/v1/retention-rules/{rule['id']}/",
                                     {"years": 8, "change_reason": "board resolution 12/2026"}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["years"], body["is_customised"], body["shorter_than_default"], body["default_years"]) == (
        8, True, True, 10)
    saved = RetentionRule.objects.get(pk=rule["id"])
    assert saved.history.first().history_change_reason == "board resolution 12/2026"


def test_a_rule_goes_back_to_the_default(api, admin_user):
    rule = rules(api, admin_user)["delivery_logs"]
    api(admin_user).patch(f"/api/v1/retention-rules/{rule['id']}/", {"years": 12}, format="json")
    response = api(admin_user).post(f"/api/v1/retention-rules/{rule['id']}/reset/")
    assert response.status_code == 200
    assert (response.json()["years"], response.json()["is_customised"]) == (5, False)


@pytest.mark.parametrize(("category", "body", "field"), [
    ("case_file", {"years": 0}, "years"),
    ("case_file", {"years": 250}, "years"),
    ("case_file", {"keep_until": "2030-12-31"}, "keep_until"),
    ("eu_project", {"years": 5}, "years"),
    ("eu_project", {"keep_until": "1999-12-31"}, "keep_until"),
    ("case_file", {"years": "ten"}, "years"),
])
def test_implausible_rules_are_refused_naming_the_field(api, admin_user, category, body, field):
    rule = rules(api, admin_user)[category]
    response = api(admin_user).patch(f"/api/v1/retention-rules/{rule['id']}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert RetentionRule.objects.get(pk=rule["id"]).is_customised is False


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR])
def test_only_administrators_change_the_rules(api, admin_user, member, centre, role):
    rule = rules(api, admin_user)["case_file"]
    response = api(member(role, centre)).patch(f"/api/v1/retention-rules/{rule['id']}/", {"years": 12}, format="json")
    assert response.status_code in (403, 404)


def test_managers_read_the_rules_coordinators_and_providers_do_not(api, manager, coordinator, provider_staff):
    assert len(rules(api, manager)) == 4
    assert api(coordinator).get("/api/v1/retention-rules/").status_code == 404
    assert api(provider_staff).get("/api/v1/retention-rules/").status_code == 404


def test_another_centres_rule_is_not_found(api, admin_user, member, other_centre):
    rule = rules(api, admin_user)["case_file"]
    stranger = member(Role.ADMIN, other_centre)
    response = api(stranger).patch(f"/api/v1/retention-rules/{rule['id']}/", {"years": 12}, format="json")
    assert response.status_code == 404


# --- legal holds -------------------------------------------------------------------------------------------------


def test_a_manager_places_and_releases_a_hold_with_reasons(api, held, manager):
    placed = api(manager).post("/api/v1/legal-holds/", {"client": str(held.client.pk), "reason": "Court case 123"},
                               format="json")
    assert placed.status_code == 201, placed.content
    assert (placed.json()["is_active"], placed.json()["placed_by"]) == (True, str(manager))

    no_reason = api(manager).post(f"/api/v1/legal-holds/{placed.json()['id']}/release/", {"reason": " "},
                                  format="json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()

    released = api(manager).post(f"/api/v1/legal-holds/{placed.json()['id']}/release/",
                                 {"reason": "Proceedings ended"}, format="json")
    assert released.status_code == 200
    assert (released.json()["is_active"], released.json()["released_by"]) == (False, str(manager))
    again = api(manager).post(f"/api/v1/legal-holds/{placed.json()['id']}/release/", {"reason": "x"}, format="json")
    assert again.status_code == 409


def test_a_hold_needs_a_reason(api, held, manager):
    response = api(manager).post("/api/v1/legal-holds/", {"client": str(held.client.pk), "reason": ""}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert not LegalHold.objects.exists()


def test_coordinators_see_holds_but_do_not_place_them(api, held, manager):
    api(manager).post("/api/v1/legal-holds/", {"client": str(held.client.pk), "reason": "Inspection"}, format="json")
    listed = api(held.coordinator).get(f"/api/v1/legal-holds/?client={held.client.pk}&active=true")
    assert listed.json()["count"] == 1
    response = api(held.coordinator).post("/api/v1/legal-holds/", {"client": str(held.client.pk), "reason": "x"},
                                          format="json")
    assert response.status_code == 403


def test_providers_see_no_holds(api, held, provider_staff):
    assert api(provider_staff).get("/api/v1/legal-holds/").status_code == 404
