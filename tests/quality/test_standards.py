"""standards/: quality standards per service type with weighted criteria; managers write, provider staff read."""

from __future__ import annotations

import pytest

from cus.core.models import Role
from cus.quality.models import Criterion, Standard

from ..factories import ServiceTypeFactory
from .factories import CriterionFactory, StandardFactory, standard_with_criteria

URL = "/api/v1/standards/"


def body(service_type, **extra) -> dict:
    return {
        "service_type": str(service_type.pk),
        "name": "Home care",
        "description": "Help at home, done well",
        "criteria": [
            {"text": "Visits start on time", "weight": "2.00"},
            {"text": "The carer knows the care plan", "weight": "1.00", "scale_min": 0, "scale_max": 10},
        ],
        **extra,
    }


def test_a_manager_creates_a_standard_with_ordered_criteria_and_history(api, manager):
    service_type = ServiceTypeFactory()
    response = api(manager).post(URL, body(service_type))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["service_type_name"] == service_type.name_en
    assert [(c["text"], c["weight"], c["scale_max"], c["order"]) for c in data["criteria"]] == [
        ("Visits start on time", "2.00", 5, 0),
        ("The carer knows the care plan", "1.00", 10, 1),
    ]
    standard = Standard.objects.get()
    record = standard.history.get()
    assert (record.history_user, record.history_change_reason) == (manager, "standard created")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"criteria": []}, "criteria"),
        ({"criteria": [{"text": "x", "scale_min": 5, "scale_max": 5}]}, "criteria"),
        ({"criteria": [{"text": "x", "weight": "0"}]}, "criteria"),
        ({"criteria": [{"weight": "1"}]}, "criteria"),
        ({"criteria": [{"text": "x", "weight": "-1"}]}, "criteria"),
        ({"name": ""}, "name"),
        ({"service_type": "5d5e4f0e-1111-4222-8333-444455556666"}, "service_type"),
        ({"service_type": "not-a-uuid"}, "service_type"),
    ],
)
def test_bad_standard_input_is_refused_and_nothing_is_written(api, manager, change, field):
    response = api(manager).post(URL, {**body(ServiceTypeFactory()), **change})
    assert response.status_code == 400
    assert field in response.json()
    assert not Standard.objects.exists()
    assert not Criterion.objects.exists()


def test_another_centres_own_service_type_cannot_be_named(api, manager, other_centre):
    response = api(manager).post(URL, body(ServiceTypeFactory(centre=other_centre)))
    assert response.status_code == 400
    assert "service_type" in response.json()


def test_a_second_standard_of_the_same_name_for_a_type_is_refused(api, manager, centre):
    existing = StandardFactory(centre=centre, name="Home care")
    response = api(manager).post(URL, body(existing.service_type))
    assert response.status_code == 400
    assert "name" in response.json()
    assert Standard.objects.count() == 1


def test_editing_criteria_changes_adds_and_retires_but_never_deletes(api, manager, centre):
    standard = standard_with_criteria(centre, ("1", "1"))
    first, second = standard.criteria.order_by("order")
    response = api(manager).patch(
        f"{URL}{standard.pk}/",
        {"criteria": [{"id": str(first.pk), "weight": "3"}, {"text": "Client is asked what they need"}],
         "reason": "annual review of the standard"},
    )
    assert response.status_code == 200, response.json()
    criteria = {c["text"]: c for c in response.json()["criteria"]}
    assert criteria[first.text]["weight"] == "3.00"
    assert criteria["Client is asked what they need"]["is_active"] is True
    assert criteria[second.text]["is_active"] is False
    assert Criterion.objects.filter(standard=standard).count() == 3
    first.refresh_from_db()
    assert first.history.first().history_change_reason == "annual review of the standard"


def test_a_criterion_of_another_standard_cannot_be_edited_through_this_one(api, manager, centre):
    standard = standard_with_criteria(centre, ("1",))
    foreign = CriterionFactory(standard=StandardFactory(centre=centre))
    response = api(manager).patch(f"{URL}{standard.pk}/", {"criteria": [{"id": str(foreign.pk), "text": "hijacked"}]})
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.text != "hijacked"


def test_bad_edit_writes_nothing(api, manager, centre):
    standard = standard_with_criteria(centre, ("1",))
    response = api(manager).patch(
        f"{URL}{standard.pk}/", {"name": "Renamed", "criteria": [{"text": "x", "scale_min": 3, "scale_max": 2}]}
    )
    assert response.status_code == 400
    standard.refresh_from_db()
    assert standard.name != "Renamed"
    assert standard.criteria.count() == 1


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (Role.ADMIN, 200, 201),
        (Role.MANAGER, 200, 201),
        (Role.COORDINATOR, 200, 403),
        (Role.PROVIDER, 200, 403),
        (Role.VOLUNTEER, 404, 404),
    ],
)
def test_role_matrix_on_standards(api, member, centre, role, read, write):
    standard = standard_with_criteria(centre)
    user = member(role, centre)
    assert api(user).get(f"{URL}{standard.pk}/").status_code == read
    assert api(user).post(URL, body(ServiceTypeFactory())).status_code == write
    assert Standard.objects.count() == (2 if write == 201 else 1)


def test_another_centres_standard_is_not_found(api, manager, other_centre):
    foreign = standard_with_criteria(other_centre)
    assert api(manager).get(f"{URL}{foreign.pk}/").status_code == 404
    assert api(manager).patch(f"{URL}{foreign.pk}/", {"name": "mine"}).status_code == 404
    assert api(manager).get(URL).json()["count"] == 0


def test_the_standards_list_takes_a_fixed_number_of_queries(api, manager, centre, django_assert_max_num_queries):
    for _ in range(6):
        standard_with_criteria(centre)
    client = api(manager)
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert response.json()["count"] == 6


def test_a_new_criterion_in_an_edit_needs_a_text(api, manager, centre):
    standard = standard_with_criteria(centre, ("1",))
    response = api(manager).patch(f"{URL}{standard.pk}/", {"criteria": [{"weight": "2"}]})
    assert response.status_code == 400
    assert "criteria" in response.json()
    assert standard.criteria.filter(is_active=True).count() == 1


def test_a_criterion_named_twice_in_an_edit_is_refused(api, manager, centre):
    standard = standard_with_criteria(centre, ("1",))
    criterion = str(standard.criteria.get().pk)
    response = api(manager).patch(
        f"{URL}{standard.pk}/", {"criteria": [{"id": criterion, "weight": "2"}, {"id": criterion, "weight": "3"}]}
    )
    assert response.status_code == 400
    assert standard.criteria.get().weight == 1
